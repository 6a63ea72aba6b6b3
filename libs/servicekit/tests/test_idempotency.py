import pytest
from rest_framework.exceptions import ValidationError
from rest_framework.test import APIRequestFactory

from servicekit import idempotency


def key_of(**headers) -> str:
    return idempotency.idempotency_key(APIRequestFactory().post("/pay", headers=headers))


def test_the_key_is_read_from_the_header():
    assert key_of(**{"Idempotency-Key": "3f2a-retry"}) == "3f2a-retry"


@pytest.mark.parametrize(
    ("value", "why"), [(None, "required"), ("x" * 256, "255"), ("a b", "ASCII"), ("é", "ASCII")]
)
def test_a_missing_or_malformed_key_is_a_400_naming_the_header(value, why):
    headers = {} if value is None else {"Idempotency-Key": value}
    with pytest.raises(ValidationError) as error:
        key_of(**headers)
    assert why in str(error.value.detail["Idempotency-Key"][0])


def test_the_fingerprint_ignores_key_order_and_whitespace_but_not_values():
    fingerprint = idempotency.request_fingerprint
    same = fingerprint("post", "/pay", {"a": "1.00", "b": ["x", {"c": 1}]})
    assert same == fingerprint("POST", "/pay", {"b": ["x", {"c": 1}], "a": "1.00"})
    assert same != fingerprint("POST", "/pay", {"a": "1.0", "b": ["x", {"c": 1}]})
    assert same != fingerprint("POST", "/other", {"a": "1.00", "b": ["x", {"c": 1}]})
    assert same != fingerprint("PUT", "/pay", {"a": "1.00", "b": ["x", {"c": 1}]})


def test_a_replay_is_the_stored_bytes_marked_as_replayed():
    response = idempotency.replay_response(201, '{"id":"p-1"}')
    assert (response.status_code, response.content) == (201, b'{"id":"p-1"}')
    assert response["Content-Type"] == "application/json"
    assert response["Idempotent-Replayed"] == "true"
