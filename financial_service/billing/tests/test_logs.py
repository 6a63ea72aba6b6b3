"""Log lines are servicekit's JSON, carrying the caller's trace and request ids."""

import io
import json
import logging.config
from decimal import Decimal

import pytest
from django.conf import settings

from billing.tests.factories import InvoiceFactory
from servicekit.logs import logging_config

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"


@pytest.fixture
def log_lines():
    """The service's own logging configuration, its stdout handler writing to a buffer."""
    stream = io.StringIO()
    config = logging_config(settings.SERVICE_NAME)
    config["handlers"]["stdout"]["stream"] = stream
    logging.config.dictConfig(config)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logging.config.dictConfig(settings.LOGGING)


@pytest.mark.django_db
def test_a_payment_is_logged_as_json_with_the_trace_and_request_id(bff, log_lines):
    invoice = InvoiceFactory(rent=Decimal("100.00"))
    response = bff.post(
        f"/api/v1/invoices/{invoice.id}/payments",
        {"tenant_id": str(invoice.tenant_id), "amount": "100.00", "method": "card"},
        format="json",
        headers={
            "Idempotency-Key": "logged",
            "traceparent": f"00-{TRACE_ID}-00f067aa0ba902b7-01",
            "X-Request-ID": "req-42",
        },
    )
    assert response.status_code == 201
    [line] = [line for line in log_lines() if line["message"] == "payment recorded"]
    assert line["service"] == "financial-service"
    assert line["trace_id"] == TRACE_ID
    assert line["request_id"] == "req-42"
    assert (line["invoice"], line["amount"], line["currency"]) == (invoice.number, "100.00", "USD")
