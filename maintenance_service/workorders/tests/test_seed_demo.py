import itertools

import pytest
from django.core.management import call_command

from servicekit import demo
from workorders.models import Status, StatusChange, WorkOrder

pytestmark = pytest.mark.django_db


def test_seed_demo_is_consistent_with_the_shared_demo_world_and_idempotent():
    call_command("seed_demo", stdout=None)
    first = list(WorkOrder.objects.order_by("seq").values())
    history = StatusChange.objects.count()
    call_command("seed_demo", stdout=None)
    assert list(WorkOrder.objects.order_by("seq").values()) == first
    assert StatusChange.objects.count() == history

    assert {w["status"] for w in first} == set(Status.values)  # every state is on show
    leases = {lease.tenant_id: lease for lease in demo.LEASES}
    for work_order in WorkOrder.objects.prefetch_related("status_changes", "comments"):
        lease = leases[work_order.tenant_id]  # a demo tenant...
        assert work_order.unit_id == lease.unit_id  # ...on the unit of their lease
        assert work_order.property_id == demo.unit(lease.unit_id).property_id
        changes = list(work_order.status_changes.all())
        assert changes[0].to_status == Status.SUBMITTED and changes[-1].to_status == work_order.status
        assert all(a.to_status == b.from_status for a, b in itertools.pairwise(changes))
    assert {w["tenant_id"] for w in first} == {t.id for t in demo.TENANTS}


def test_seed_demo_makes_the_staff_login():
    from django.contrib.auth import get_user_model

    call_command("seed_demo", stdout=None)
    assert get_user_model().objects.get(username=demo.STAFF_USERNAME).is_staff
