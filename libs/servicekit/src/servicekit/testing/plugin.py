"""pytest plugin (entry point ``servicekit``) for every Django project's tests.

- refuses to run on anything but PostgreSQL (set SERVICEKIT_ALLOW_SQLITE=1 to override): constraints,
  locking and concurrency are judged by the real database;
- says which database server the tests ran on;
- fixtures: ``service_client`` (an APIClient authenticated as a named caller), ``spans`` and
  ``metric_points`` (telemetry kept in memory), ``fuzz_db`` (see servicekit.testing.openapi_fuzz).
"""

from __future__ import annotations

import os

import pytest

_server_version: list[str] = []


def _django_ready() -> bool:
    try:
        from django.conf import settings

        return settings.configured
    except Exception:
        return False


def pytest_report_header(config) -> list[str]:
    if not _django_ready():
        return []
    from django.conf import settings

    db = settings.DATABASES["default"]
    where = f"{db.get('HOST') or 'local socket'}:{db.get('PORT') or '-'}/{db.get('NAME')}"
    return [f"database: {db['ENGINE'].rsplit('.', 1)[-1]} at {where}"]


@pytest.fixture(scope="session", autouse=True)
def _require_postgresql(request):
    if not _django_ready():
        yield
        return
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine and not os.environ.get("SERVICEKIT_ALLOW_SQLITE"):
        pytest.exit(
            "These tests need PostgreSQL: run `make test` (it starts one) or set DATABASE_URL.", returncode=2
        )
    yield


@pytest.fixture(scope="session", autouse=True)
def _record_server_version(django_db_setup, django_db_blocker, _require_postgresql):
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            # The maintenance database: a session where no test uses the database creates no test
            # database, and the configured one need not exist.
            with connection._nodb_cursor() as cursor:
                cursor.execute("SELECT version()")
                version = cursor.fetchone()[0]
        else:
            with connection.cursor() as cursor:
                cursor.execute("SELECT sqlite_version()")
                version = cursor.fetchone()[0]
    _server_version.append(f"{connection.vendor}: {version}")
    yield


def pytest_terminal_summary(terminalreporter) -> None:
    if _server_version:
        terminalreporter.write_line(f"Tests ran on {_server_version[0]}")


@pytest.fixture
def service_client(settings):
    """``service_client("bff")`` → an APIClient that sends that caller's bearer token."""
    from rest_framework.test import APIClient

    from servicekit.auth import configured_tokens

    def make(caller: str | None) -> APIClient:
        client = APIClient()
        if caller is not None:
            tokens = configured_tokens()
            if caller not in tokens:
                tokens[caller] = f"test-token-{caller}"
                settings.SERVICE_TOKENS = tokens
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens[caller]}")
        return client

    return make


@pytest.fixture
def spans():
    """The in-memory span exporter, emptied before the test (needs TELEMETRY_IN_MEMORY = True)."""
    from servicekit import telemetry

    current = telemetry.current()
    assert current is not None and current.span_exporter is not None, "set TELEMETRY_IN_MEMORY = True"
    current.span_exporter.clear()
    return current.span_exporter


@pytest.fixture
def metric_points():
    """``metric_points("name")`` → {attributes (frozenset of items): value} read from the in-memory reader."""
    from servicekit import telemetry

    current = telemetry.current()
    assert current is not None and current.metric_reader is not None, "set TELEMETRY_IN_MEMORY = True"

    def read(name: str) -> dict[frozenset, float]:
        data = current.metric_reader.get_metrics_data()
        points: dict[frozenset, float] = {}
        for resource_metrics in data.resource_metrics if data else []:
            for scope in resource_metrics.scope_metrics:
                for metric in scope.metrics:
                    if metric.name != name:
                        continue
                    for point in metric.data.data_points:
                        value = getattr(point, "value", None)
                        if value is None:  # histogram: count observations
                            value = point.count
                        points[frozenset(point.attributes.items())] = value
        return points

    return read


@pytest.fixture
def fuzz_db(db):
    """The test database for requests that schemathesis sends straight to the WSGI application.

    Django closes the database connection at the end of every request it handles; its test client
    stops that, and so must anything else that calls the application inside a test's transaction.
    """
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
