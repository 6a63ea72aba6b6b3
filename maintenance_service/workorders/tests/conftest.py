import io
import shutil
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from workorders import services
from workorders.models import ActorKind, Status, WorkOrder
from workorders.tests.factories import WorkOrderFactory

# The shortest staff path from submitted to each status.
PATHS = {
    Status.SUBMITTED: [],
    Status.TRIAGED: [Status.TRIAGED],
    Status.SCHEDULED: [Status.TRIAGED, Status.SCHEDULED],
    Status.IN_PROGRESS: [Status.TRIAGED, Status.SCHEDULED, Status.IN_PROGRESS],
    Status.COMPLETED: [Status.TRIAGED, Status.SCHEDULED, Status.IN_PROGRESS, Status.COMPLETED],
    Status.CANCELLED: [Status.CANCELLED],
}


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (16, 12)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, format=kind)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(scope="session", autouse=True)
def _throwaway_media_root():
    """Test settings point MEDIA_ROOT at a fresh temporary folder; remove it when the run ends."""
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def bff(service_client):
    return service_client("bff")


@pytest.fixture
def tenant_id():
    return uuid.uuid4()


@pytest.fixture
def work_order_in():
    """``work_order_in(status, **fields)`` → a work order brought there through the lifecycle by staff."""

    def make(status: str, **fields) -> WorkOrder:
        work_order = WorkOrderFactory(**fields)
        for step in PATHS[Status(status)]:
            services.work_order_transition(
                work_order=work_order,
                to_status=step,
                actor_kind=ActorKind.STAFF,
                actor_name="Sam",
                scheduled_for=timezone.now() + timedelta(days=2),
            )
        work_order.refresh_from_db()
        return work_order

    return make
