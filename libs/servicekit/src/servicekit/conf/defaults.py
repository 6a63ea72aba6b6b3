"""Settings every Django project shares. A project's ``base.py`` star-imports this, then sets
SERVICE_NAME, BASE_DIR, DATABASES, its apps and ROOT_URLCONF.
"""

from __future__ import annotations

from servicekit.env import env_bool, env_int, env_list, env_str

DEBUG = env_bool("DJANGO_DEBUG", False)
# Local development key only; production settings refuse to start with it (see production.py).
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-insecure-key-for-local-development-only")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# api: only the internal API; admin: only the Django admin; all: both (local development).
SERVICE_COMPONENT = env_str("SERVICE_COMPONENT", "all")

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]
THIRD_PARTY_APPS = ["rest_framework", "drf_spectacular", "drf_spectacular_sidecar", "servicekit"]

MIDDLEWARE = [
    "servicekit.problem.ApiProblemMiddleware",  # outermost: sees every error answer under /api/
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "servicekit.request_id.RequestIdMiddleware",
    "servicekit.telemetry.TraceResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

WSGI_APPLICATION = "config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"  # gunicorn logs in UTC too; one clock for every line
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Only the hashed copies are served (immutable, cached forever); the originals would double the image.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["servicekit.auth.ServiceTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["servicekit.auth.AllowedCallers"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "servicekit.pagination.PageNumberPagination",
    "DEFAULT_SCHEMA_CLASS": "servicekit.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "servicekit.problem.exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,  # money travels as "1250.00", never a float
    "UNAUTHENTICATED_USER": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
    "SWAGGER_UI_DIST": "SIDECAR",  # served from the app: no CDN needed
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "APPEND_COMPONENTS": {
        "securitySchemes": {"ServiceToken": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Problem": {
                "type": "object",
                "description": "RFC 9457 problem details",
                "properties": {
                    "type": {"type": "string"},
                    "title": {"type": "string"},
                    "status": {"type": "integer"},
                    "detail": {"type": "string"},
                    "errors": {
                        "type": "object",
                        "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    },
                },
                "required": ["type", "title", "status", "detail"],
            }
        },
    },
    "SECURITY": [{"ServiceToken": []}],
    "AUTHENTICATION_WHITELIST": ["servicekit.auth.ServiceTokenAuthentication"],
}

# Set by each project's test settings: keep spans and metrics in memory for assertions.
TELEMETRY_IN_MEMORY = False
