from .base import *

SERVICE_COMPONENT = "all"
SERVICE_TOKENS = {"bff": "test-token-bff"}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
TELEMETRY_IN_MEMORY = True
STATIC_ROOT = None  # nothing is collected for tests (WhiteNoise would warn about the missing folder)
