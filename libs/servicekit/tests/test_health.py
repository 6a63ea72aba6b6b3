import socket

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client


def test_healthz_answers_without_touching_the_database():
    # No django_db mark: pytest-django makes any database access here raise.
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_ok_when_the_database_answers_and_every_migration_is_applied():
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_503_while_a_migration_is_not_applied():
    # Forget that sessions' migrations ran, as a pod started before `migrate` finished would see it.
    forgotten, _ = MigrationRecorder.Migration.objects.filter(app="sessions").delete()
    assert forgotten >= 1
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "problems": [f"{forgotten} migration(s) not applied"]}


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed on exit: nothing listens there


def test_readyz_is_503_when_the_database_is_unreachable(django_db_blocker, service_log):
    saved = dict(connection.settings_dict)
    with django_db_blocker.unblock():
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(unused_port()))
        try:
            response = Client().get("/readyz")
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "problems": ["database unreachable"]}
    (warning,) = [r for r in service_log.records() if r["message"] == "readiness: database unreachable"]
    assert "Connection refused" in warning["error"] or "connection failed" in warning["error"]


@pytest.mark.parametrize("url", ["/healthz", "/readyz"])
def test_probes_only_answer_get(url):
    assert Client().post(url).status_code == 405
