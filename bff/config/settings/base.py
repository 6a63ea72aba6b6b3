from pathlib import Path

from servicekit.conf.database import database_from_env
from servicekit.conf.defaults import *
from servicekit.env import env_float
from servicekit.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SERVICE_NAME = "bff"

INSTALLED_APPS = [*DJANGO_APPS, *THIRD_PARTY_APPS, "gateway", "accounts", "tenant_api", "market"]
ROOT_URLCONF = "config.urls"
DATABASES = {"default": database_from_env(sqlite_path=BASE_DIR.parent / "var" / "dev" / "bff.sqlite3")}
STATIC_ROOT = BASE_DIR / "staticfiles"
LOGGING = logging_config(SERVICE_NAME)

# The database cache: DRF's throttles count in it, so every gunicorn worker and every pod sees one
# count (a per-process cache would multiply the limits). The table is made by a migration.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "bff_cache",
    }
}

# Sessions: the tenant portal's sign-in. HttpOnly always; Secure and SameSite=Lax in production
# (servicekit.conf.production). The csrftoken cookie stays readable by the portal's JavaScript.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 24 * 7)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False

REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    # Portal users sign in with a session; nobody calls the BFF with a service token.
    "DEFAULT_AUTHENTICATION_CLASSES": ["gateway.authentication.PortalSessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "EXCEPTION_HANDLER": "gateway.problems.exception_handler",
    # No OPTIONS self-description (405): the schema at /api/schema/ documents every endpoint.
    "DEFAULT_METADATA_CLASS": None,
    # Content negotiation by the Accept header only (no ?format=).
    "URL_FORMAT_OVERRIDE": None,
    # Hops of trusted proxies in front of the BFF (Traefik: 1); 0 = use the socket's address.
    "NUM_PROXIES": env_int("DJANGO_NUM_PROXIES", 0),
    "DEFAULT_THROTTLE_RATES": {
        "applications": env_str("MARKET_APPLICATION_RATE", "10/hour"),
        "password_reset": env_str("PASSWORD_RESET_RATE", "5/hour"),
    },
}

# Sign-in throttling (accounts.signin_guard): after FREE failures each further attempt must wait
# twice as long as the one before (1 s, 2 s, 4 s, ...); at LOCKOUT failures the key is locked for
# LOCKOUT_SECONDS. Counted per account (email) and, more leniently, per client IP.
SIGNIN_ACCOUNT_FREE_FAILURES = env_int("SIGNIN_ACCOUNT_FREE_FAILURES", 3)
SIGNIN_ACCOUNT_LOCKOUT_FAILURES = env_int("SIGNIN_ACCOUNT_LOCKOUT_FAILURES", 10)
SIGNIN_IP_FREE_FAILURES = env_int("SIGNIN_IP_FREE_FAILURES", 10)
SIGNIN_IP_LOCKOUT_FAILURES = env_int("SIGNIN_IP_LOCKOUT_FAILURES", 50)
SIGNIN_LOCKOUT_SECONDS = env_int("SIGNIN_LOCKOUT_SECONDS", 15 * 60)
# Failures older than this are forgotten.
SIGNIN_FAILURE_WINDOW_SECONDS = env_int("SIGNIN_FAILURE_WINDOW_SECONDS", 60 * 60)

# Password reset: the email links to the tenant portal's page, which posts uid and token back.
TENANT_PORTAL_URL = env_str("TENANT_PORTAL_URL", "http://localhost:3000")
PASSWORD_RESET_PATH = env_str("PASSWORD_RESET_PATH", "/reset-password")
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60 * 24)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Property Platform <no-reply@example.com>")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

# The dashboard answers within this many seconds with whatever its downstreams gave by then.
DASHBOARD_BUDGET_SECONDS = env_float("DASHBOARD_BUDGET_SECONDS", 2.5)
# Threads for concurrent calls per downstream service and process (one pool each: a bulkhead).
DOWNSTREAM_MAX_THREADS = env_int("DOWNSTREAM_MAX_THREADS", 16)

SPECTACULAR_SETTINGS = {
    **SPECTACULAR_SETTINGS,
    "TITLE": "bff",
    "DESCRIPTION": (
        "The public API of the tenant portal and the market portal. Tenant endpoints use the session "
        "cookie set by sign-in; every unsafe method needs the `X-CSRFToken` header (the `csrftoken` "
        "cookie, set by `GET /api/auth/csrf`). Errors are problem+json."
    ),
    "SECURITY": [],
    # Several choice sets share the field name `status`: name each one.
    "ENUM_NAME_OVERRIDES": {
        "InvoiceStatusEnum": "tenant_api.api.serializers.INVOICE_STATUSES",
        "WorkOrderStatusEnum": "tenant_api.api.serializers.WORK_ORDER_STATUSES",
    },
    "AUTHENTICATION_WHITELIST": ["gateway.authentication.PortalSessionAuthentication"],
    "APPEND_COMPONENTS": {
        "schemas": SPECTACULAR_SETTINGS["APPEND_COMPONENTS"]["schemas"],
    },
}
