"""Production settings: `check --deploy` clean, cookie flags as the portals need them."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Portal
from fake_services import TENANT_A

PROJECT = Path(__file__).resolve().parents[2]


def run_with_production_settings(*args: str, secret_key: str | None = None) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secret_key if secret_key is not None else secrets.token_urlsafe(64),
        "OTEL_SDK_DISABLED": "true",
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_with_production_settings("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_weak_secret_key():
    result = run_with_production_settings("manage.py", "check", secret_key="dev-insecure")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_cookie_settings():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps({"
        "k: getattr(s, k) for k in ('SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE',"
        " 'CSRF_COOKIE_SECURE', 'CSRF_COOKIE_HTTPONLY', 'CSRF_COOKIE_SAMESITE', 'DEBUG')}))"
    )
    result = run_with_production_settings("-c", code)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": False,  # the portal reads it to send X-CSRFToken
        "CSRF_COOKIE_SAMESITE": "Lax",
        "DEBUG": False,
    }


@pytest.mark.django_db
def test_with_production_cookie_settings_sign_in_sets_secure_httponly_lax_cookies(settings, alice_account):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    client = Portal()
    csrf = client.get("/api/auth/csrf", secure=True).cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax" and not csrf["httponly"]
    client.use_csrf_cookie()
    response = client.post(
        "/api/auth/login",
        {"email": TENANT_A.email, "password": "correct-horse-battery-staple"},
        secure=True,
        HTTP_REFERER="https://testserver/",
    )
    assert response.status_code == 200
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
