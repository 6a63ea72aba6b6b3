import uuid

import pytest


@pytest.fixture
def bff(service_client):
    """An API client calling as the BFF."""
    return service_client("bff")


@pytest.fixture
def tenant_id():
    return uuid.uuid4()
