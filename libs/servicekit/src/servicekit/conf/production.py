"""Production hardening shared by every project: ``from servicekit.conf.production import *`` last.

Refuses to start without a real secret key; passes ``manage.py check --deploy`` with no warnings.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from servicekit.env import env_bool, env_int, env_str

_INSECURE_PREFIXES = ("django-insecure", "dev-", "change-me", "changeme")


def require_secret_key() -> str:
    key = env_str("DJANGO_SECRET_KEY", "")
    if len(key) < 50 or len(set(key)) < 5 or key.lower().startswith(_INSECURE_PREFIXES):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters in production "
            "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
        )
    return key


SECRET_KEY = require_secret_key()
DEBUG = False

# TLS ends at Traefik, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# Service-to-service calls and kubelet probes are plain HTTP inside the cluster.
SECURE_REDIRECT_EXEMPT = [r"^api/", r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
