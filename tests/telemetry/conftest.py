"""The platform as it runs: every Django project present as a real gunicorn process on PostgreSQL,
exporting OTLP to a receiver inside the test process.

    .venv/bin/python -m pytest tests/telemetry        (make test-telemetry)

PostgreSQL: DATABASE_URL's server when set, otherwise a throwaway server on TEST_PG_PORT (default
54334) in var/test-pg-<port>, stopped afterwards. Each project gets a fresh database
telemetry_<project>, migrated and seeded with the demo data.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from servicekit.testing import pgserver
from servicekit.testing.otlp import OTLPReceiver
from servicekit.testing.processes import GunicornProcess, free_port, prepare_database

ROOT = Path(__file__).resolve().parents[2]
# Project folder → OTEL service name, in start order (the BFF last: it calls the others).
PROJECTS = {
    "property_service": "property-service",
    "financial_service": "financial-service",
    "maintenance_service": "maintenance-service",
    "bff": "bff",
}
BFF_TOKEN = "telemetry-test-bff-token"
FINANCIAL_TOKEN = "telemetry-test-financial-token"


def present(project: str) -> bool:
    return (ROOT / project / "manage.py").exists()


@pytest.fixture(scope="session", autouse=True)
def _record_server_version():
    """Neutralise servicekit's pytest plugin fixture of the same name: it needs Django settings, and
    these tests configure none (the services run in their own processes)."""
    yield


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server URL without a database name."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        parts = urlsplit(url)
        yield urlunsplit(parts._replace(path=""))
        return
    port = int(os.environ.get("TEST_PG_PORT", "54334"))
    data_dir = ROOT / "var" / f"test-pg-{port}"
    yield pgserver.start(data_dir, port)
    pgserver.stop(data_dir)


def fresh_database(server: str, name: str) -> str:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


@pytest.fixture(scope="session")
def receiver():
    with OTLPReceiver() as rx:
        yield rx


@dataclass
class Stack:
    servers: dict[str, GunicornProcess]  # by service name

    def __contains__(self, service: str) -> bool:
        return service in self.servers

    def __getitem__(self, service: str) -> GunicornProcess:
        return self.servers[service]

    def log_records(self, **fields: str) -> list[dict]:
        """JSON log lines of every service whose fields match."""
        return [
            record
            for server in self.servers.values()
            for record in server.json_lines()
            if all(record.get(k) == v for k, v in fields.items())
        ]


def service_env(service: str, urls: dict[str, str]) -> dict[str, str]:
    """How the platform wires the services (tokens and URLs), as the Helm charts and make dev do."""
    if service == "property-service":
        return {"SERVICE_TOKENS": f"bff={BFF_TOKEN},financial-service={FINANCIAL_TOKEN}"}
    if service == "financial-service":
        return {
            "SERVICE_TOKENS": f"bff={BFF_TOKEN}",
            "PROPERTY_SERVICE_URL": urls.get("property-service", "http://127.0.0.1:9"),
            "PROPERTY_SERVICE_TOKEN": FINANCIAL_TOKEN,
        }
    if service == "maintenance-service":
        return {"SERVICE_TOKENS": f"bff={BFF_TOKEN}"}
    env = {}
    for downstream in ("property-service", "financial-service", "maintenance-service"):
        prefix = downstream.upper().replace("-", "_")
        env[f"{prefix}_URL"] = urls.get(downstream, "http://127.0.0.1:9")
        env[f"{prefix}_TOKEN"] = BFF_TOKEN
    return env


@pytest.fixture(scope="session")
def stack(pg_server, receiver, tmp_path_factory):
    projects = [p for p in PROJECTS if present(p)]
    assert "property_service" in projects

    def prepare(project: str) -> str:
        return prepare_database(ROOT / project, fresh_database(pg_server, f"telemetry_{project}"))

    with ThreadPoolExecutor(max_workers=2) as pool:
        databases = dict(zip(projects, pool.map(prepare, projects), strict=True))

    common = {
        "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint,
        "OTEL_METRIC_EXPORT_INTERVAL": "500",  # ms: the tests wait for exports, not a minute
        "OTEL_BSP_SCHEDULE_DELAY": "100",
        "DEPLOYMENT_ENVIRONMENT": "test",
        "MEDIA_ROOT": str(tmp_path_factory.mktemp("media")),
    }
    # Ports first, so that every service knows the others' URLs; then start all and wait for all.
    ports = {PROJECTS[p]: free_port() for p in projects}
    urls = {service: f"http://127.0.0.1:{port}" for service, port in ports.items()}
    servers: dict[str, GunicornProcess] = {}
    try:
        for project in projects:
            service = PROJECTS[project]
            env = {**common, "DATABASE_URL": databases[project], **service_env(service, urls)}
            servers[service] = GunicornProcess(ROOT / project, port=ports[service], env=env).start()
        for server in servers.values():
            server.wait_ready()
        yield Stack(servers)
    finally:
        for server in reversed(list(servers.values())):
            server.stop()
