from .base import *

SERVICE_COMPONENT = "all"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TELEMETRY_IN_MEMORY = True
# Short enough that the "downstream hangs" tests stay quick; the production default is 2.5 s.
DASHBOARD_BUDGET_SECONDS = 1.0
