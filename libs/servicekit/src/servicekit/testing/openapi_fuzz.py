"""Schemathesis over a service's own OpenAPI schema, in process, on the test's PostgreSQL database.

Every operation of ``/api/schema/`` gets schema-valid and schema-violating requests (examples, boundary
values, random data) with a caller's token, and schemathesis' default checks judge the answers: no 5xx,
only documented statuses and content types, bodies that match the schema, invalid input refused and
valid input accepted. A service's whole fuzz test::

    from servicekit.testing.openapi_fuzz import load_schema

    schema = load_schema(caller="bff")

    @schema.parametrize()
    def test_every_operation_keeps_to_its_schema(case, fuzz_db):
        case.call_and_validate()

``fuzz_db`` (servicekit's pytest plugin) gives the calls the test database; a project's own fixture can
build on it to load data first, so that list endpoints answer with real objects.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from django.core.wsgi import get_wsgi_application
from schemathesis.config import SchemathesisConfig

from servicekit.auth import configured_tokens


def load_schema(*, caller: str, max_examples: int = 30, operations: list[dict[str, Any]] | None = None):
    """The service's schema, served by the service itself, ready for ``@schema.parametrize()``.

    ``operations`` are schemathesis ``[[operations]]`` settings (TOML keys), for the rare operation
    whose valid-looking input a business rule may still refuse.
    """
    token = configured_tokens()[caller]
    config = SchemathesisConfig.from_dict(
        {
            # As the schema's security scheme (servicekit.openapi), not as a plain header: schemathesis
            # then knows the credentials are real, and checks that requests without them are refused
            # instead of reporting a 2xx as "generated auth accepted".
            "auth": {"openapi": {"ServiceToken": {"bearer": token}}},
            "suppress-health-check": ["all"],
            "generation": {
                "mode": "all",  # valid and invalid input
                "max-examples": max_examples,
                "database": "none",  # no .hypothesis/ folder in the project
            },
            "operations": operations or [],
        }
    )
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application(), config=config)
