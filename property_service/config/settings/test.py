from .base import *

SERVICE_COMPONENT = "all"
SERVICE_TOKENS = {"bff": "test-token-bff", "financial-service": "test-token-financial"}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
TELEMETRY_IN_MEMORY = True
WHITENOISE_AUTOREFRESH = True  # no collectstatic in tests: do not scan STATIC_ROOT at start
