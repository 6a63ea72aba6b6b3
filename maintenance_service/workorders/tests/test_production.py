"""What every service must pass in production: check --deploy clean, JSON logs with the request id."""

import io
import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from servicekit.logs import JsonFormatter

PROJECT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "maintenance-service",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_weak_secret_key():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "dev-key",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_logs_are_json_lines_with_the_request_id(service_client):
    # The stdout handler settings.LOGGING installs (servicekit's JSON formatter), pointed at a buffer.
    handler = next(h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        response = service_client("bff").post(
            "/api/v1/work-orders/",
            {
                "tenant_id": "c0000000-0000-4000-8000-000000000001",
                "property_id": "a0000000-0000-4000-8000-000000000001",
                "unit_id": "b0000000-0000-4000-8000-000000000002",
                "category": "pest",
                "title": "Ants",
                "description": "Ants under the balcony door.",
            },
            format="json",
            HTTP_X_REQUEST_ID="req-maint-42",
        )
    finally:
        handler.setStream(previous)
    assert response.status_code == 201
    assert response["X-Request-ID"] == "req-maint-42"
    lines = [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    (opened,) = [line for line in lines if line["message"] == "work order opened"]
    assert opened["service"] == "maintenance-service"
    assert opened["request_id"] == "req-maint-42"
    assert opened["work_order"] == response.json()["number"]
    assert opened["level"] == "INFO"
