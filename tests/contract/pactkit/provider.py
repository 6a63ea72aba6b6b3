"""Verify consumers' pacts against the live provider: the project's gunicorn, production settings,
on the test database that the provider's pytest run created; provider states written with the ORM.

    @pytest.fixture(scope="session")
    def provider(django_db_setup):
        with live_provider("property_service", "property-service", env={"SERVICE_TOKENS": ...}) as server:
            yield server

    def test_property_service_honours_the_pact_of(consumer, provider, transactional_db):
        verify_pact(consumer, "property-service", provider, ProviderStates({"a published listing": ...}),
                    credentials={"Authorization": f"Bearer {token}"})

Credentials: the verifier sends the provider's real ones (``credentials``, e.g. the consumer's service
token or a signed-in session) on every interaction that has a provider state, and nothing on those
without one (the "not signed in" / "no token" interactions). A consumer test states what data its
interaction needs, so only interactions about missing credentials go without a state.
"""

from __future__ import annotations

import json
import os
import secrets
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from pact import Verifier

from pactkit import PACT_DIR, ROOT
from servicekit.testing.processes import GunicornProcess

PORT_BASE = int(os.environ.get("CONTRACT_PORT_BASE", "8170"))
# Fixed ports per role (CONTRACT_PORT_BASE + n), so parallel suites on one machine can be kept apart.
PORTS = {"property-service": 1, "financial-service": 2, "maintenance-service": 3, "bff": 4, "fakes": 5}

StateFn = Callable[[dict[str, Any]], None]
# One line per verified pact, for the end of the run (conftest.py prints them).
VERIFIED: list[str] = []


def port_of(role: str) -> int:
    return PORT_BASE + PORTS[role]


def new_token() -> str:
    return secrets.token_urlsafe(24)


def database_url_of_this_run() -> str:
    """The database pytest-django created for this run (``test_<name>``), as a URL for the server."""
    from django.db import connection

    db = connection.settings_dict
    auth = quote(db["USER"] or "postgres") + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
    return f"postgresql://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def live_provider(project: str, role: str, *, env: dict[str, str] | None = None) -> Iterator[GunicornProcess]:
    """The project served by gunicorn (its own gunicorn.conf.py, production settings) on the test DB."""
    server = GunicornProcess(
        ROOT / project,
        port=port_of(role),
        env={
            "DATABASE_URL": database_url_of_this_run(),
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "OTEL_SDK_DISABLED": "true",  # telemetry is not part of the contract
            "SERVICE_COMPONENT": "api",
            **(env or {}),
        },
        workers=1,
        threads=4,
    )
    with server:
        server.wait_ready()
        yield server


# Django's own bookkeeping rows stay: the live server has them cached.
_KEPT_TABLES = {"django_content_type", "auth_permission"}


def flush_database() -> None:
    """Empty the provider's tables (between interactions): each state starts from nothing.

    DELETE in one transaction rather than ``manage.py flush`` (TRUNCATE): for a handful of rows it
    takes milliseconds instead of a few hundred, and foreign keys (deferred in PostgreSQL) are
    checked once, at commit, when every table is empty.
    """
    from django.db import connection, transaction

    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with transaction.atomic(), connection.cursor() as cursor:
        for table in sorted(set(tables) - _KEPT_TABLES):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608 (our own table names)


@dataclass
class ProviderStates:
    """The provider's state handlers by state name; ``reset`` runs after every interaction.

    A handler that fails is recorded and reported with the verification, not raised: the Pact core
    retries a failing state call for minutes before it gives up.
    """

    handlers: dict[str, StateFn]
    reset: Callable[[], None] = flush_database
    errors: list[str] = field(default_factory=list)

    def handle(self, state: str, action: str, parameters: dict[str, Any] | None) -> None:
        from django.db import connections

        try:
            if action == "teardown":
                self.reset()
            elif state:  # "" is the Pact core's call for an interaction without a state
                if state not in self.handlers:
                    raise LookupError(
                        f"the provider has no handler for this state; it knows {sorted(self.handlers)}"
                    )
                self.handlers[state](parameters or {})
        except Exception:
            self.errors.append(
                f"provider state {state!r} ({action}, {parameters}) failed:\n{traceback.format_exc()}"
            )
        finally:
            connections.close_all()  # the callback's thread ends here; so does its connection

    def callback(self) -> Callable[..., None]:
        # pact-python passes arguments by name: state, action, parameters.
        def state_handler(state: str, action: str, parameters: dict[str, Any] | None) -> None:
            self.handle(state, action, parameters)

        return state_handler


def pact_file(consumer: str, provider: str) -> Path:
    path = PACT_DIR / f"{consumer}-{provider}.json"
    if not path.exists():
        raise AssertionError(
            f"No pact from {consumer} for {provider} at {path.relative_to(ROOT)}: its consumer tests did not "
            "run or failed (tests/contract/run.sh runs consumers first)."
        )
    return path


def _misplaced_credentials(interactions: list[dict], credentials: dict[str, str]) -> list[str]:
    names = {name.lower() for name in credentials}
    return [
        f"  {interaction['description']!r} sends {sorted(sent & names)} but has no provider state"
        for interaction in interactions
        if not interaction.get("providerStates")
        and (sent := {name.lower() for name in interaction["request"].get("headers", {})}) & names
    ]


def verify_pact(
    consumer: str,
    provider: str,
    server: GunicornProcess,
    states: ProviderStates,
    *,
    credentials: dict[str, str],
) -> None:
    """Replay the consumer's pact against ``server``; AssertionError with the verifier's report if broken."""
    path = pact_file(consumer, provider)
    interactions = json.loads(path.read_text())["interactions"]
    if misplaced := _misplaced_credentials(interactions, credentials):
        raise AssertionError(
            f"{path.name}: interactions that send credentials need a provider state (only those are "
            "replayed with the provider's real credentials):\n" + "\n".join(misplaced)
        )
    host = urlsplit(server.url).hostname
    passes = [
        # (what, filter, headers the verifier adds to each request)
        ("with a provider state, with the provider's credentials", {"state": ".+"}, credentials),
        ("without a provider state, without credentials", {"no_state": True}, {}),
    ]
    reports, broken, verified = [], False, 0
    for what, selection, headers in passes:
        selected = [i for i in interactions if bool(i.get("providerStates")) == ("state" in selection)]
        if not selected:
            continue
        verifier = (
            Verifier(provider, host=host)
            .add_transport(url=server.url)
            .add_source(path)
            .filter(**selection)
            .state_handler(states.callback(), teardown=True)
            .set_coloured_output(enabled=False)
        )
        if headers:
            verifier.add_custom_headers(headers)
        try:
            verifier.verify()
        except RuntimeError:
            broken = True
        verified += len(selected)
        reports.append(
            f"── {consumer} → {provider}: {len(selected)} interactions {what}\n{verifier.output(strip_ansi=True)}"
        )
    if verified != len(interactions):
        broken = True
        reports.append(f"only {verified} of {len(interactions)} interactions were replayed")
    report = "\n".join(reports + states.errors)
    if not (broken or states.errors):
        VERIFIED.append(f"{consumer} → {provider}: {len(interactions)} interactions verified")
    if broken or states.errors:
        raise AssertionError(
            f"{provider} does not honour the pact of {consumer}:\n{report}\n"
            f"── the provider's last log lines:\n{server.output()}"
        )
