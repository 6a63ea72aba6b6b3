"""Schemathesis over property-service's OpenAPI schema: no 5xx, and every answer keeps to the schema."""

import pytest
from django.core.management import call_command

from servicekit.testing.openapi_fuzz import load_schema

schema = load_schema(
    caller="bff",
    operations=[
        {
            # The listing must exist and be open, and the move-in date may be neither in the past nor
            # before the home is available: rules a schema cannot state, answered 400 per field.
            "include-path": "/api/v1/applications/",
            "include-method": "POST",
            "checks": {"positive_data_acceptance": {"expected-statuses": [201, 400, 409]}},
        }
    ],
)


@pytest.fixture
def demo_data(fuzz_db):
    call_command("seed_demo", stdout=None)


@schema.parametrize()
def test_every_operation_keeps_to_its_schema(case, demo_data):
    case.call_and_validate()
