import io
import json
import logging
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import PASSWORD, Portal
from django.core import mail
from fake_services import TENANT_A, TENANT_B

from accounts.models import SignInThrottle

PROBLEM = "application/problem+json"


def login(client, email, password=PASSWORD):
    return client.post("/api/auth/login", {"email": email, "password": password})


def age_throttles(seconds: float) -> None:
    """As if ``seconds`` had passed since the last failures."""
    delta = timedelta(seconds=seconds)
    for row in SignInThrottle.objects.all():
        row.last_failure_at -= delta
        if row.blocked_until:
            row.blocked_until -= delta
        row.save()


# ── CSRF ─────────────────────────────────────────────────────────────────────────────────────────
@pytest.mark.django_db
def test_csrf_endpoint_sets_the_cookie_and_returns_the_token():
    client = Portal()
    response = client.get("/api/auth/csrf")
    assert response.status_code == 200
    assert response.json()["csrf_token"]
    assert client.cookies["csrftoken"].value
    assert not client.cookies["csrftoken"]["httponly"]  # the portal's JavaScript reads it


def test_unsafe_request_without_csrf_token_is_403(alice_account):
    client = Portal()  # no token fetched
    response = login(client, TENANT_A.email)
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert "CSRF" in response.json()["detail"]


def test_signed_in_unsafe_request_without_csrf_token_is_403(alice):
    alice.credentials()  # drop the X-CSRFToken header, keep the cookies
    response = alice.post("/api/auth/password", {"current_password": PASSWORD, "new_password": "x" * 20})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_wrong_csrf_token_is_403(alice):
    alice.credentials(HTTP_X_CSRFTOKEN="a" * 32)
    assert alice.post("/api/auth/logout").status_code == 403


# ── sign in, me, sign out ─────────────────────────────────────────────────────────────────────────
def test_login_returns_me_and_sets_an_httponly_session_cookie(portal, alice_account):
    response = login(portal, "Alice@Example.com")  # any case
    assert response.status_code == 200
    assert response.json() == {
        "email": TENANT_A.email,
        "first_name": "Alice",
        "last_name": "Moreau",
        "tenant_id": str(TENANT_A.id),
    }
    session = response.cookies["sessionid"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    portal.use_csrf_cookie()
    assert portal.get("/api/auth/me").json()["email"] == TENANT_A.email


def test_login_rotates_the_csrf_token(portal, alice_account):
    before = portal.cookies["csrftoken"].value
    login(portal, TENANT_A.email)
    assert portal.cookies["csrftoken"].value != before


@pytest.mark.parametrize("email", [TENANT_A.email, "nobody@example.com"])
def test_wrong_credentials_are_400_with_one_message_whether_or_not_the_account_exists(
    portal, alice_account, email
):
    response = login(portal, email, "wrong-password")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert response.json()["detail"] == "The email or password is not correct."
    assert "sessionid" not in response.cookies


def test_login_validates_each_field(portal):
    response = portal.post("/api/auth/login", {"email": "not-an-email"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"email", "password"}


def test_staff_user_without_tenant_account_cannot_sign_in_to_the_portal(portal, django_user_model):
    django_user_model.objects.create_user("staff@example.com", "staff@example.com", PASSWORD, is_staff=True)
    assert login(portal, "staff@example.com").status_code == 400


def test_inactive_account_cannot_sign_in(portal, alice_account):
    alice_account.user.is_active = False
    alice_account.user.save()
    assert login(portal, TENANT_A.email).status_code == 400


def test_me_without_session_is_401_problem(portal):
    response = portal.get("/api/auth/me")
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"]


def test_logout_ends_the_session(alice):
    assert alice.post("/api/auth/logout").status_code == 204
    assert alice.get("/api/auth/me").status_code == 401


def test_deactivated_account_loses_its_session(alice, alice_account):
    alice_account.user.is_active = False
    alice_account.user.save()
    assert alice.get("/api/auth/me").status_code == 401


# ── throttled sign-in ─────────────────────────────────────────────────────────────────────────────
def test_repeated_failures_slow_down_then_lock_out(portal, alice_account, settings):
    settings.SIGNIN_ACCOUNT_FREE_FAILURES = 3
    settings.SIGNIN_ACCOUNT_LOCKOUT_FAILURES = 6
    settings.SIGNIN_LOCKOUT_SECONDS = 900
    for _ in range(3):
        assert login(portal, TENANT_A.email, "wrong").status_code == 400

    # Too soon after the third failure: refused without checking, even with the right password.
    response = login(portal, TENANT_A.email)
    assert response.status_code == 429
    assert response["Content-Type"] == PROBLEM
    assert response["Retry-After"] == "1"

    # Each further failure doubles the wait: 1 s, 2 s, 4 s.
    for expected_wait in ("2", "4"):
        age_throttles(60)
        assert login(portal, TENANT_A.email, "wrong").status_code == 400
        assert login(portal, TENANT_A.email, "wrong")["Retry-After"] == expected_wait

    # The sixth failure locks the account for the lockout period.
    age_throttles(60)
    assert login(portal, TENANT_A.email, "wrong").status_code == 400
    locked = login(portal, TENANT_A.email)
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) > 890
    age_throttles(600)
    assert login(portal, TENANT_A.email).status_code == 429
    age_throttles(301)
    assert login(portal, TENANT_A.email).status_code == 200


def test_unknown_emails_are_throttled_like_real_ones(portal, settings):
    settings.SIGNIN_ACCOUNT_FREE_FAILURES = 2
    for _ in range(2):
        login(portal, "nobody@example.com", "guess")
    assert login(portal, "nobody@example.com", "guess").status_code == 429


def test_one_ip_guessing_many_accounts_is_throttled(portal, alice_account, settings):
    settings.SIGNIN_IP_FREE_FAILURES = 4
    for n in range(4):
        assert login(portal, f"user{n}@example.com", "guess").status_code == 400
    # Another account from the same address: the IP's streak applies.
    assert login(portal, TENANT_A.email).status_code == 429


def test_sign_in_from_another_ip_is_not_slowed_by_the_first_ips_failures(alice_account, settings):
    settings.SIGNIN_IP_FREE_FAILURES = 2
    settings.SIGNIN_ACCOUNT_FREE_FAILURES = 10
    attacker = Portal(REMOTE_ADDR="203.0.113.9").fetch_csrf()
    for n in range(2):
        login(attacker, f"user{n}@example.com", "guess")
    assert login(attacker, TENANT_A.email).status_code == 429
    assert login(Portal(REMOTE_ADDR="198.51.100.7").fetch_csrf(), TENANT_A.email).status_code == 200


def test_success_ends_the_accounts_failure_streak(portal, alice_account, settings):
    settings.SIGNIN_ACCOUNT_FREE_FAILURES = 3
    login(portal, TENANT_A.email, "wrong")
    login(portal, TENANT_A.email, "wrong")
    portal.fetch_csrf()
    assert login(portal, TENANT_A.email).status_code == 200
    assert not SignInThrottle.objects.filter(key=f"account:{TENANT_A.email}").exists()


def test_old_failures_are_forgotten(portal, alice_account, settings):
    settings.SIGNIN_ACCOUNT_FREE_FAILURES = 2
    login(portal, TENANT_A.email, "wrong")
    age_throttles(settings.SIGNIN_FAILURE_WINDOW_SECONDS + 1)
    login(portal, TENANT_A.email, "wrong")
    assert SignInThrottle.objects.get(key=f"account:{TENANT_A.email}").failures == 1
    assert login(portal, TENANT_A.email).status_code == 200


# ── password change ───────────────────────────────────────────────────────────────────────────────
def test_password_change_needs_the_current_password(alice):
    response = alice.post(
        "/api/auth/password", {"current_password": "wrong", "new_password": "a-new-long-password"}
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["current_password"]


def test_password_change_validates_the_new_password(alice):
    response = alice.post("/api/auth/password", {"current_password": PASSWORD, "new_password": "123"})
    assert response.status_code == 400
    assert "new_password" in response.json()["errors"]


def test_password_change_keeps_this_session_and_ends_the_others(alice, alice_account):
    other_device = Portal().sign_in(TENANT_A.email)
    response = alice.post(
        "/api/auth/password", {"current_password": PASSWORD, "new_password": "a-new-long-password"}
    )
    assert response.status_code == 204
    assert alice.get("/api/auth/me").status_code == 200
    assert other_device.get("/api/auth/me").status_code == 401
    assert login(Portal().fetch_csrf(), TENANT_A.email).status_code == 400
    assert login(Portal().fetch_csrf(), TENANT_A.email, "a-new-long-password").status_code == 200


def test_guessing_the_current_password_is_throttled(alice, settings):
    settings.SIGNIN_ACCOUNT_FREE_FAILURES = 2
    for _ in range(2):
        alice.post("/api/auth/password", {"current_password": "guess", "new_password": "a-new-long-password"})
    response = alice.post(
        "/api/auth/password", {"current_password": PASSWORD, "new_password": "a-new-long-password"}
    )
    assert response.status_code == 429


def test_password_change_needs_a_session(portal):
    assert portal.post("/api/auth/password", {}).status_code == 401


# ── password reset by email ───────────────────────────────────────────────────────────────────────
def reset_link_params() -> dict[str, str]:
    assert len(mail.outbox) == 1
    link = next(word for word in mail.outbox[0].body.split() if word.startswith("http"))
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://tenant.example.test/reset-password"
    return {key: values[0] for key, values in parse_qs(parts.query).items()}


@pytest.fixture
def portal_url(settings):
    settings.TENANT_PORTAL_URL = "https://tenant.example.test"


def test_password_reset_for_an_unknown_email_is_202_and_sends_nothing(portal, portal_url):
    response = portal.post("/api/auth/password-reset", {"email": "nobody@example.com"})
    assert response.status_code == 202
    assert mail.outbox == []


def test_password_reset_emails_a_link_to_the_tenant_portal(portal, alice_account, portal_url):
    response = portal.post("/api/auth/password-reset", {"email": TENANT_A.email.upper()})
    assert response.status_code == 202
    assert mail.outbox[0].to == [TENANT_A.email]
    assert set(reset_link_params()) == {"uid", "token"}


def test_password_reset_answers_the_same_when_email_cannot_be_sent(portal, alice_account, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    response = portal.post("/api/auth/password-reset", {"email": TENANT_A.email})
    assert response.status_code == 202
    assert any(r.getMessage() == "password reset email could not be sent" for r in caplog.records)


def test_password_reset_confirm_sets_the_password_once(portal, alice_account, portal_url):
    portal.post("/api/auth/password-reset", {"email": TENANT_A.email})
    params = reset_link_params()
    response = portal.post(
        "/api/auth/password-reset/confirm", {**params, "new_password": "chosen-after-reset"}
    )
    assert response.status_code == 204
    assert login(Portal().fetch_csrf(), TENANT_A.email, "chosen-after-reset").status_code == 200
    again = portal.post("/api/auth/password-reset/confirm", {**params, "new_password": "another-one-again"})
    assert again.status_code == 400
    assert "token" in again.json()["errors"]


def test_password_reset_confirm_validates_the_new_password(portal, alice_account, portal_url):
    portal.post("/api/auth/password-reset", {"email": TENANT_A.email})
    response = portal.post(
        "/api/auth/password-reset/confirm", {**reset_link_params(), "new_password": "short"}
    )
    assert response.status_code == 400
    assert "new_password" in response.json()["errors"]


@pytest.mark.parametrize("uid", ["", "garbage", "MTIzNDU2Nzg5"])
def test_password_reset_confirm_with_a_bad_link_is_400(portal, alice_account, uid):
    response = portal.post(
        "/api/auth/password-reset/confirm", {"uid": uid, "token": "x-y", "new_password": "chosen-after-reset"}
    )
    assert response.status_code == 400


def test_password_reset_lifts_a_lockout(portal, alice_account, portal_url, settings):
    settings.SIGNIN_ACCOUNT_FREE_FAILURES = 1
    login(portal, TENANT_A.email, "wrong")
    assert login(portal, TENANT_A.email).status_code == 429
    portal.post("/api/auth/password-reset", {"email": TENANT_A.email})
    portal.post(
        "/api/auth/password-reset/confirm", {**reset_link_params(), "new_password": "chosen-after-reset"}
    )
    assert login(portal, TENANT_A.email, "chosen-after-reset").status_code == 200


def test_password_reset_requests_are_throttled_per_client(portal, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"password_reset": "2/hour"})
    for _ in range(2):
        assert portal.post("/api/auth/password-reset", {"email": "x@example.com"}).status_code == 202
    response = portal.post("/api/auth/password-reset", {"email": "x@example.com"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_accounts_of_two_tenants_see_only_themselves(alice, ben):
    assert alice.get("/api/auth/me").json()["tenant_id"] == str(TENANT_A.id)
    assert ben.get("/api/auth/me").json()["tenant_id"] == str(TENANT_B.id)


def test_sign_in_is_logged_as_json_with_request_and_trace_ids(portal, alice_account, monkeypatch):
    # The root logger's handler, as configured by settings.LOGGING, writing into a buffer.
    handler = next(h for h in logging.getLogger().handlers if h.name == "stdout")
    monkeypatch.setattr(handler, "stream", io.StringIO())
    response = login(portal, TENANT_A.email)
    lines = [json.loads(line) for line in handler.stream.getvalue().splitlines()]
    record = next(line for line in lines if line["message"] == "signed in")
    assert record["service"] == "bff"
    assert record["request_id"] == response["X-Request-ID"]
    assert len(record["trace_id"]) == 32
    assert record["user_id"] == alice_account.user.pk
