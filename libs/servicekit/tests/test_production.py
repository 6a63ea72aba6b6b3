"""Production settings refuse to start without a real secret key.

The module checks the key when it is imported (that is what makes a misconfigured pod fail at start),
so each test imports it afresh.
"""

import importlib
import secrets
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

STRONG = secrets.token_urlsafe(64)


def import_production_settings():
    sys.modules.pop("servicekit.conf.production", None)
    return importlib.import_module("servicekit.conf.production")


def require_secret_key():
    return sys.modules["servicekit.conf.production"].require_secret_key()


@pytest.fixture(autouse=True)
def production_module(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", STRONG)
    import_production_settings()


def test_a_strong_key_is_accepted(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", STRONG)
    assert require_secret_key() == STRONG


def test_importing_production_settings_with_a_strong_key_hardens_everything(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", STRONG)
    monkeypatch.delenv("DJANGO_SECURE_SSL_REDIRECT", raising=False)
    production = import_production_settings()
    assert production.SECRET_KEY == STRONG
    assert production.DEBUG is False
    assert production.SECURE_SSL_REDIRECT is True
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SECURE_HSTS_SECONDS >= 31_536_000


def test_importing_production_settings_without_a_key_fails(monkeypatch):
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        import_production_settings()


@pytest.mark.parametrize(
    "weak",
    [
        "",
        "short-but-random-9f8a7",  # under 50 characters
        "a" * 64,  # long but one character repeated
        "abababababababababababababababababababababababababab",  # fewer than 5 distinct characters
        "django-insecure-" + STRONG,  # Django's startproject placeholder
        "dev-insecure-key-for-local-development-only-" + STRONG,  # servicekit's development default
        "change-me-" + STRONG,
    ],
)
def test_weak_keys_are_refused(monkeypatch, weak):
    monkeypatch.setenv("DJANGO_SECRET_KEY", weak)
    with pytest.raises(ImproperlyConfigured, match="at least 50 characters"):
        require_secret_key()


def test_the_development_default_key_is_refused(monkeypatch):
    from servicekit.conf import defaults

    monkeypatch.setenv("DJANGO_SECRET_KEY", defaults.SECRET_KEY)
    with pytest.raises(ImproperlyConfigured):
        require_secret_key()
