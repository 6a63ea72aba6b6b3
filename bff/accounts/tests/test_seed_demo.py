import pytest
from conftest import Portal
from django.contrib.auth import get_user_model
from django.core.management import call_command

from accounts.models import TenantAccount
from servicekit import demo


@pytest.mark.django_db
def test_seed_demo_creates_an_account_for_every_demo_tenant_and_changes_nothing_the_second_time():
    call_command("seed_demo")
    snapshot = list(TenantAccount.objects.values_list("tenant_id", "user__username", "user__password"))
    call_command("seed_demo")
    assert (
        list(TenantAccount.objects.values_list("tenant_id", "user__username", "user__password")) == snapshot
    )
    assert {tenant_id for tenant_id, _, _ in snapshot} == {t.id for t in demo.TENANTS}
    assert get_user_model().objects.get(username=demo.STAFF_USERNAME).is_staff


@pytest.mark.django_db
@pytest.mark.parametrize("tenant", demo.TENANTS, ids=lambda t: t.first_name)
def test_demo_tenants_sign_in_with_the_demo_password(tenant):
    call_command("seed_demo")
    me = Portal().sign_in(tenant.email, demo.DEMO_PASSWORD).get("/api/auth/me").json()
    assert me["tenant_id"] == str(tenant.id)
