import uuid

import pytest
from conftest import Portal
from django.core import mail
from django.urls import reverse

from accounts.models import SignInThrottle, TenantAccount


@pytest.fixture
def staff(admin_client):
    return admin_client


def add_account(staff, **overrides):
    data = {
        "tenant_id": str(uuid.uuid4()),
        "email": "Dana@Example.com",
        "first_name": "Dana",
        "last_name": "Smith",
        "password": "",
        **overrides,
    }
    return staff.post(reverse("admin:accounts_tenantaccount_add"), data)


def test_staff_create_an_account_and_the_tenant_gets_a_link_to_choose_a_password(staff):
    response = add_account(staff)
    assert response.status_code == 302, response.content
    account = TenantAccount.objects.select_related("user").get(user__username="dana@example.com")
    assert account.user.email == "dana@example.com"
    assert not account.user.has_usable_password()
    assert mail.outbox[0].to == ["dana@example.com"]
    assert "reset-password?uid=" in mail.outbox[0].body


def test_staff_may_set_a_first_password(staff):
    add_account(staff, password="first-password-2026")
    assert Portal().sign_in("dana@example.com", "first-password-2026")
    assert mail.outbox == []


def test_staff_are_told_when_the_email_cannot_be_sent(staff, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    response = add_account(staff)
    assert response.status_code == 302
    assert TenantAccount.objects.filter(user__username="dana@example.com").exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Could not email dana@example.com" in m for m in messages)


def test_add_form_refuses_an_email_in_use_and_a_weak_password(staff):
    add_account(staff)
    response = add_account(staff, tenant_id=str(uuid.uuid4()), password="123")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"email", "password"}


def test_add_form_refuses_a_second_account_for_one_tenant(staff):
    tenant_id = str(uuid.uuid4())
    add_account(staff, tenant_id=tenant_id)
    response = add_account(staff, tenant_id=tenant_id, email="other@example.com")
    assert "tenant_id" in response.context["adminform"].form.errors


def test_changelist_searches_and_filters(staff, alice_account):
    url = reverse("admin:accounts_tenantaccount_changelist")
    assert b"alice@example.com" in staff.get(url, {"q": "moreau"}).content
    assert staff.get(url, {"user__is_active__exact": "1"}).status_code == 200
    assert (
        staff.get(reverse("admin:accounts_tenantaccount_change", args=[alice_account.pk])).status_code == 200
    )


def test_deactivate_action_stops_sign_in(staff, alice_account):
    staff.post(
        reverse("admin:accounts_tenantaccount_changelist"),
        {"action": "deactivate", "_selected_action": [alice_account.pk]},
    )
    alice_account.user.refresh_from_db()
    assert not alice_account.user.is_active


def test_unlock_action_forgets_failed_attempts(staff, alice_account, settings):
    settings.SIGNIN_ACCOUNT_FREE_FAILURES = 1
    portal = Portal().fetch_csrf()
    portal.post("/api/auth/login", {"email": "alice@example.com", "password": "wrong"})
    row = SignInThrottle.objects.get(key="account:alice@example.com")
    staff.post(
        reverse("admin:accounts_signinthrottle_changelist"),
        {"action": "unlock", "_selected_action": [row.pk]},
    )
    assert not SignInThrottle.objects.filter(key="account:alice@example.com").exists()
