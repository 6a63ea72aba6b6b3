import hmac

import pytest

from servicekit import auth
from servicekit.problem import CONTENT_TYPE

pytestmark = pytest.mark.django_db


def test_the_allowed_caller_gets_through_and_is_named(service_client):
    response = service_client("bff").get("/api/v1/whoami/")
    assert response.status_code == 200
    assert response.json() == {"caller": "bff"}


def test_no_token_is_401_problem_with_a_bearer_challenge(service_client):
    response = service_client(None).get("/api/v1/whoami/")
    assert response.status_code == 401
    assert response["Content-Type"] == CONTENT_TYPE
    assert response["WWW-Authenticate"] == "Bearer"
    body = response.json()
    assert body["status"] == 401
    assert body["type"].endswith(":unauthorized")


def test_an_unknown_token_is_401(client):
    response = client.get("/api/v1/whoami/", headers={"Authorization": "Bearer not-a-known-token"})
    assert response.status_code == 401
    assert response.json()["detail"] == "Unknown service token."


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", "Token test-token-bff"])
def test_a_malformed_authorization_header_is_401(client, header):
    response = client.get("/api/v1/whoami/", headers={"Authorization": header})
    assert response.status_code == 401
    assert response["Content-Type"] == CONTENT_TYPE


def test_a_known_caller_not_named_by_the_view_is_403(service_client):
    response = service_client("financial-service").get("/api/v1/whoami/")
    assert response.status_code == 403
    assert response["Content-Type"] == CONTENT_TYPE
    assert response.json()["detail"] == "This caller may not use this endpoint."


def test_a_view_that_names_no_callers_lets_nobody_in(service_client):
    assert service_client("bff").get("/api/v1/no-callers/").status_code == 403


def test_tokens_are_compared_in_constant_time(client, monkeypatch):
    compared = []
    real_compare = hmac.compare_digest

    def spy(a, b):
        compared.append((a, b))
        return real_compare(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    response = client.get("/api/v1/whoami/", headers={"Authorization": "Bearer test-token-bff"})
    assert response.status_code == 200
    assert (b"test-token-bff", b"test-token-bff") in compared

    compared.clear()
    client.get("/api/v1/whoami/", headers={"Authorization": "Bearer guess"})
    assert len(compared) == 2, "an unknown token is compared with every configured token"


def test_tokens_come_from_the_environment_when_settings_do_not_name_them(client, settings, monkeypatch):
    del settings.SERVICE_TOKENS
    monkeypatch.setenv("SERVICE_TOKENS", "bff=from-env-token")
    assert (
        client.get("/api/v1/whoami/", headers={"Authorization": "Bearer from-env-token"}).status_code == 200
    )
    assert (
        client.get("/api/v1/whoami/", headers={"Authorization": "Bearer test-token-bff"}).status_code == 401
    )


def test_the_caller_is_a_user_like_object():
    caller = auth.ServiceCaller("bff")
    assert caller.is_authenticated and not caller.is_anonymous and not caller.is_staff
    assert str(caller) == "bff"
