"""Schemathesis over the service's own OpenAPI schema: whatever the input, no 500, and every answer is
what the schema promises (status, content type, body). Runs the real WSGI application in-process."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

TOKEN = {"Authorization": "Bearer test-token-bff"}

# Generating the schema needs settings, not the database (pytest-django has set Django up by now).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture
def keep_test_connection(db):
    # As Django's test client does: keep the test's connection (and its transaction) across requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, keep_test_connection):
    # Every check but "schema-valid input must be accepted": rules a schema cannot state (a photo's
    # bytes must be an image, lengths count after trimming, a unit stays in its property) rightly
    # turn some schema-valid bodies into a 400.
    case.call_and_validate(headers=TOKEN, excluded_checks=[positive_data_acceptance])
