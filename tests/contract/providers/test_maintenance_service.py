"""maintenance-service honours the pact of the bff, verified live (gunicorn on the test database,
photos in the test run's media folder, which the live server is given too)."""

from __future__ import annotations

import io
import uuid

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from pactkit.provider import ProviderStates, live_provider, new_token, verify_pact
from PIL import Image
from workorders import services
from workorders.models import ActorKind, Status, WorkOrder, WorkOrderPhoto
from workorders.tests.factories import WorkOrderFactory

PROVIDER = "maintenance-service"
TOKEN = new_token()


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (2, 2), (40, 120, 200)).save(out, format="PNG")
    return SimpleUploadedFile("tap.png", out.getvalue(), content_type="image/png")


def work_order(params: dict, *, author_name: str = "Alice Contract") -> WorkOrder:
    """A work order opened by the tenant with one photo; ids are the pact's."""
    made = WorkOrderFactory(
        tenant_id=params["tenant_id"],
        property_id=params.get("property_id", uuid.uuid4()),
        unit_id=params.get("unit_id", uuid.uuid4()),
        author_name=author_name,
        photos=[png()] if "photo_id" in params else [],
    )
    WorkOrder.objects.filter(pk=made.pk).update(id=params["work_order_id"])
    if "photo_id" in params:
        WorkOrderPhoto.objects.filter(work_order=made).update(id=params["photo_id"])
    return WorkOrder.objects.get(pk=made.pk)


def submitted_work_order(params: dict) -> None:
    work_order(params)


def completed_work_order(params: dict) -> None:
    opened = work_order(params)
    for status in (Status.TRIAGED, Status.IN_PROGRESS, Status.COMPLETED):
        services.work_order_transition(work_order=opened, to_status=status, actor_kind=ActorKind.STAFF)


def work_order_of_another_tenant(params: dict) -> None:
    work_order(params, author_name="Ben")


def unit_known_under_another_property(params: dict) -> None:
    WorkOrderFactory(unit_id=params["unit_id"], property_id=uuid.uuid4())


STATES = ProviderStates(
    {
        "a submitted work order with a photo": submitted_work_order,
        "a completed work order with a photo": completed_work_order,
        "a work order of another tenant": work_order_of_another_tenant,
        "a tenant without work orders": lambda params: None,
        "the unit is known under another property": unit_known_under_another_property,
    }
)


@pytest.fixture(scope="session")
def provider(django_db_setup):
    env = {"SERVICE_TOKENS": f"bff={TOKEN}", "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    with live_provider("maintenance_service", PROVIDER, env=env) as server:
        yield server


def test_maintenance_service_honours_the_pact_of_the_bff(provider, transactional_db):
    verify_pact("bff", PROVIDER, provider, STATES, credentials={"Authorization": f"Bearer {TOKEN}"})
