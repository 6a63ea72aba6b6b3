import logging
import re
import uuid

import pytest
from django.test import Client
from django.urls import path

from servicekit.request_id import HEADER, current_request_id

seen: list[str | None] = []


def record_request_id(request):
    from django.http import JsonResponse

    seen.append(current_request_id())
    logging.getLogger("servicekit.tests.request").info("handling")
    return JsonResponse({"request_id": request.request_id})


urlpatterns = [path("echo/", record_request_id)]


@pytest.fixture(autouse=True)
def echo_urls(settings):
    settings.ROOT_URLCONF = __name__
    seen.clear()


def test_a_valid_incoming_id_is_kept_echoed_and_bound(service_log):
    response = Client().get("/echo/", headers={HEADER: "bff-1234.abc:def_9"})
    assert response[HEADER] == "bff-1234.abc:def_9"
    assert response.json() == {"request_id": "bff-1234.abc:def_9"}
    assert seen == ["bff-1234.abc:def_9"]
    (line,) = [r for r in service_log.records() if r["logger"] == "servicekit.tests.request"]
    assert line["request_id"] == "bff-1234.abc:def_9"


def test_without_an_incoming_id_one_is_generated():
    response = Client().get("/echo/")
    generated = response[HEADER]
    assert uuid.UUID(hex=generated).hex == generated
    assert seen == [generated]


@pytest.mark.parametrize(
    "bad",
    ["has space", 'quote"d', "x" * 129, "new\\nline", "<script>", "ünïcode"],
)
def test_an_invalid_incoming_id_is_replaced(bad):
    response = Client().get("/echo/", headers={HEADER: bad})
    assert response[HEADER] != bad
    assert re.fullmatch(r"[0-9a-f]{32}", response[HEADER])


def test_the_id_is_unbound_after_the_request():
    Client().get("/echo/", headers={HEADER: "req-1"})
    assert current_request_id() is None


def test_the_longest_accepted_id_is_128_characters():
    assert Client().get("/echo/", headers={HEADER: "a" * 128})[HEADER] == "a" * 128
