import tempfile

from .base import *

SERVICE_COMPONENT = "all"
SERVICE_TOKENS = {"bff": "test-token-bff", "financial-service": "test-token-financial"}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
TELEMETRY_IN_MEMORY = True
# Uploaded photos of a test run go to a throwaway folder, never to var/dev.
MEDIA_ROOT = tempfile.mkdtemp(prefix="maintenance-test-media-")
WHITENOISE_AUTOREFRESH = True  # no collectstatic in tests: do not scan STATIC_ROOT at start
