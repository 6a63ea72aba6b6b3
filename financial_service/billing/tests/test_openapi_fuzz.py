"""Schemathesis over the served OpenAPI schema: any input, valid or not, gets a documented answer.

No 500s, every status and body as the schema says, invalid input refused with a 4xx. Payments go to
a real invoice of a real tenant half of the time, so the generated bodies reach the business rules.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode

from billing.tests.factories import InvoiceFactory

CONFIG = schemathesis.Config.from_dict(
    {
        # The BFF's token for the ServiceToken scheme (schemathesis also tries without and with a bad one).
        "auth": {"openapi": {"ServiceToken": {"bearer": "test-token-bff"}}},
        # Unknown query parameters are ignored, as HTTP APIs do; do not expect them to be refused.
        "generation": {"allow-extra-parameters": False},
        "operations": [
            {
                # Schema-valid payments may still break a business rule: more than the amount due
                # or zero is 400 (errors.amount), a reused key 422.
                "include-path": "/api/v1/invoices/{id}/payments",
                "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", 400, 404, 409, 422]}},
            }
        ],
    }
)
# Loaded at collection (pytest-django has configured Django by then; the schema needs no database).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application(), config=CONFIG)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # Requests go through the real WSGI handler. Like Django's test client, keep it from closing
    # the connection at the end of each request: the test's transaction lives on that connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def invoice(db):
    return InvoiceFactory()


def aim_at_real_data(case, invoice) -> None:
    """Half of the valid requests name the real invoice and its tenant, so they reach the business rules."""
    params = case.path_parameters or {}
    query = case.query if isinstance(case.query, dict) else {}
    marker = str(params.get("id") or params.get("tenant_id") or query.get("tenant_id") or "")
    if not marker or marker[-1] not in "02468ace":  # generated UUIDs: deterministic, about half
        return
    if "id" in params:
        params["id"] = str(invoice.id)
    if "tenant_id" in params:
        params["tenant_id"] = str(invoice.tenant_id)
    for part in (case.body, query):
        if isinstance(part, dict) and "tenant_id" in part:
            part["tenant_id"] = str(invoice.tenant_id)


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
@pytest.mark.django_db
def test_the_api_answers_as_its_schema_says(case, invoice):
    if case.meta is None or case.meta.generation.mode == GenerationMode.POSITIVE:
        aim_at_real_data(case, invoice)
    case.call_and_validate()
