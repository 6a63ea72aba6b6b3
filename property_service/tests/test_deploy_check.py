"""Production settings pass Django's deployment checklist, and refuse to start without a real key."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def manage(*args: str, secret_key: str | None):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    env["OTEL_SDK_DISABLED"] = "true"
    if secret_key is not None:
        env["DJANGO_SECRET_KEY"] = secret_key
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", secret_key=secrets.token_urlsafe(64))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = manage("check", secret_key=None)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_settings_refuse_the_development_key():
    result = manage("check", secret_key="dev-insecure-key-for-local-development-only")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
