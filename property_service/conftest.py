import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def bff(service_client):
    return service_client("bff")


@pytest.fixture
def assert_constant_queries(django_assert_num_queries):
    """``check(client, url, make)``: a page of 50 objects costs the same queries as a page of 5.

    ``make(n)`` creates n more objects that ``url`` lists.
    """

    def check(client, url, make) -> int:
        make(5)
        with CaptureQueriesContext(connection) as five:
            response = client.get(url, {"page_size": 100})
        assert response.status_code == 200, response.content
        assert len(response.json()["results"]) == 5
        make(45)
        with django_assert_num_queries(len(five)):
            response = client.get(url, {"page_size": 100})
        assert len(response.json()["results"]) == 50
        return len(five)

    return check
