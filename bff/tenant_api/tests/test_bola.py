"""Tenant A (Alice) cannot read, pay, comment on or cancel anything of tenant B (Ben), through any
endpoint: 404, as if it did not exist, and nothing is written. No list includes B's objects.

Each test runs twice: with services that scope by tenant_id as the contract says, and with "naive"
services that ignore it (a scoping bug downstream). The BFF must hold the line in both.
"""

import pytest
from fake_services import TENANT_A, TENANT_B, _id

B_INVOICE = _id("f", 5)  # Ben's open invoice
B_WORK_ORDER = _id("9", 11)  # Ben's, cancellable
A_WORK_ORDER = _id("9", 1)


@pytest.fixture(params=["scoping services", "naive services"])
def services(request, platform):
    for service in platform.services:
        service.naive = request.param == "naive services"
    return platform


def writes(platform):
    return [r for s in platform.services for r in s.requests if r.method == "POST"]


def b_photo(platform):
    return platform.world.work_orders[B_WORK_ORDER]["photos"][0]["id"]


@pytest.mark.parametrize(
    "path",
    [
        f"/api/tenant/invoices/{B_INVOICE}",
        f"/api/tenant/work-orders/{B_WORK_ORDER}",
    ],
)
def test_a_cannot_read_bs_objects(alice, services, path):
    response = alice.get(path)
    assert response.status_code == 404
    assert str(TENANT_B.id) not in response.content.decode()


def test_a_cannot_see_bs_photo_under_bs_or_own_work_order(alice, services):
    photo = b_photo(services)
    assert alice.get(f"/api/tenant/work-orders/{B_WORK_ORDER}/photos/{photo}").status_code == 404
    assert alice.get(f"/api/tenant/work-orders/{A_WORK_ORDER}/photos/{photo}").status_code == 404


def test_a_cannot_pay_bs_invoice(alice, services):
    response = alice.post(
        f"/api/tenant/invoices/{B_INVOICE}/pay",
        {"amount": "10.00", "method": "card"},
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert response.status_code == 404
    assert writes(services) == []
    assert services.world.invoices[B_INVOICE]["payments"] == []


def test_a_cannot_comment_on_bs_work_order(alice, services):
    response = alice.post(f"/api/tenant/work-orders/{B_WORK_ORDER}/comments", {"body": "hello"})
    assert response.status_code == 404
    assert writes(services) == []


def test_a_cannot_cancel_bs_work_order(alice, services):
    response = alice.post(f"/api/tenant/work-orders/{B_WORK_ORDER}/cancel", {})
    assert response.status_code == 404
    assert writes(services) == []
    assert services.world.work_orders[B_WORK_ORDER]["status"] == "submitted"


@pytest.mark.parametrize(
    "path",
    [
        "/api/tenant/dashboard",
        "/api/tenant/invoices",
        "/api/tenant/invoices?status=open",
        "/api/tenant/invoices?page_size=100",
        "/api/tenant/work-orders",
        "/api/tenant/work-orders?status=open",
        "/api/tenant/work-orders?page_size=100",
        "/api/auth/me",
    ],
)
def test_no_list_includes_bs_objects(alice, services, path):
    response = alice.get(path)
    assert response.status_code == 200
    text = response.content.decode()
    assert str(TENANT_B.id) not in text
    assert B_INVOICE not in text and B_WORK_ORDER not in text
    assert str(TENANT_A.id) in text


def test_b_still_sees_their_own(ben, services):
    assert ben.get(f"/api/tenant/invoices/{B_INVOICE}").status_code == 200
    assert ben.get(f"/api/tenant/work-orders/{B_WORK_ORDER}").status_code == 200


def test_a_client_supplied_tenant_id_is_ignored(alice, services):
    response = alice.get(f"/api/tenant/invoices?tenant_id={TENANT_B.id}")
    assert str(TENANT_B.id) not in response.content.decode()
    response = alice.post(
        f"/api/tenant/invoices/{B_INVOICE}/pay",
        {"amount": "10.00", "method": "card", "tenant_id": str(TENANT_B.id)},
        HTTP_IDEMPOTENCY_KEY="k2",
    )
    assert response.status_code == 404
    assert writes(services) == []
