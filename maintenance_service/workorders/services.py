"""Writes: opening work orders, moving them through their lifecycle, comments and photos.

The lifecycle is one table (TRANSITIONS); every change goes through work_order_transition, which
locks the row, checks the table and records a StatusChange in the same transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from servicekit.metrics import counter, histogram
from servicekit.problem import Conflict
from workorders.models import (
    ActorKind,
    Comment,
    Status,
    StatusChange,
    WorkOrder,
    WorkOrderPhoto,
)
from workorders.photos import checked_photos

logger = logging.getLogger(__name__)

work_orders_opened = counter("work_orders_opened", description="Work orders opened, by category and priority")
work_orders_completed = counter(
    "work_orders_completed", description="Work orders completed, by category and priority"
)
work_order_time_to_complete = histogram(
    "work_order_time_to_complete",
    unit="s",
    description="From opening to completion, by category and priority",
)

S = Status
_STAFF = frozenset({ActorKind.STAFF, ActorKind.SYSTEM})
_ANYONE = frozenset(ActorKind)

# (from, to) -> who may make that change. Anything not listed is refused. completed and cancelled
# are final; the tenant may cancel only before work starts.
TRANSITIONS: dict[tuple[Status, Status], frozenset[ActorKind]] = {
    (S.SUBMITTED, S.TRIAGED): _STAFF,
    (S.SUBMITTED, S.CANCELLED): _ANYONE,
    (S.TRIAGED, S.SCHEDULED): _STAFF,
    (S.TRIAGED, S.IN_PROGRESS): _STAFF,  # an emergency goes straight to work
    (S.TRIAGED, S.CANCELLED): _ANYONE,
    (S.SCHEDULED, S.IN_PROGRESS): _STAFF,
    (S.SCHEDULED, S.CANCELLED): _ANYONE,
    (S.IN_PROGRESS, S.COMPLETED): _STAFF,
    (S.IN_PROGRESS, S.CANCELLED): _STAFF,  # e.g. a duplicate found on site; not the tenant's call any more
}


class InvalidTransition(Conflict):
    slug = "invalid-state-transition"
    title = "Invalid state change"


def allowed(from_status: str, to_status: str, actor_kind: str) -> bool:
    return actor_kind in TRANSITIONS.get((from_status, to_status), frozenset())


def tenant_can_cancel(work_order: WorkOrder) -> bool:
    return allowed(work_order.status, Status.CANCELLED, ActorKind.TENANT)


def _labels(work_order: WorkOrder) -> dict[str, str]:
    return {"category": work_order.category, "priority": work_order.priority}


def work_order_create(
    *,
    tenant_id: UUID,
    property_id: UUID,
    unit_id: UUID,
    category: str,
    priority: str,
    title: str,
    description: str,
    author_name: str = "",
    photos: Sequence[UploadedFile] = (),
) -> WorkOrder:
    """Open a work order for the tenant's unit, as given by the caller (see README: tenancy).

    The BFF is the authority on which unit a tenant rents. This service refuses only what contradicts
    its own records: a unit it already knows under another property.
    """
    checked = checked_photos(list(photos))
    if WorkOrder.objects.filter(unit_id=unit_id).exclude(property_id=property_id).exists():
        raise ValidationError({"unit_id": ["This unit belongs to another property."]})

    stored: list[WorkOrderPhoto] = []
    try:
        with transaction.atomic():
            now = timezone.now()
            work_order = WorkOrder.objects.create(
                tenant_id=tenant_id,
                property_id=property_id,
                unit_id=unit_id,
                category=category,
                priority=priority,
                title=title.strip(),
                description=description.strip(),
                created_at=now,
                updated_at=now,
            )
            StatusChange.objects.create(
                work_order=work_order,
                from_status="",
                to_status=Status.SUBMITTED,
                actor_kind=ActorKind.TENANT,
                actor_name=author_name.strip(),
                at=now,
            )
            for position, (upload, content_type) in enumerate(checked):
                photo = WorkOrderPhoto(
                    work_order=work_order,
                    content_type=content_type,
                    size=upload.size,
                    position=position,
                    created_at=now,
                )
                photo.file.save(upload.name or "photo", upload, save=False)
                stored.append(photo)
                photo.save()
    except Exception:
        # The rows are rolled back; do not leave their files behind.
        for photo in stored:
            photo.file.delete(save=False)
        raise
    work_orders_opened.add(1, _labels(work_order))
    logger.info(
        "work order opened",
        extra={
            "work_order": work_order.number,
            "category": category,
            "priority": priority,
            "photos": len(stored),
        },
    )
    return work_order


def work_order_transition(
    *,
    work_order: WorkOrder,
    to_status: str,
    actor_kind: str,
    actor_name: str = "",
    note: str = "",
    scheduled_for: datetime | None = None,
    assignee: str | None = None,
) -> WorkOrder:
    """Move a work order to ``to_status`` if TRANSITIONS allows it for this actor; InvalidTransition (409)
    and no change otherwise. Row-locked: of two simultaneous changes, the second sees the first's result.
    """
    if to_status not in Status.values:
        raise ValidationError({"to_status": [f"Unknown status {to_status!r}."]})
    with transaction.atomic():
        locked = WorkOrder.objects.select_for_update().get(pk=work_order.pk)
        from_status = locked.status
        if not allowed(from_status, to_status, actor_kind):
            raise InvalidTransition(_refusal(locked, to_status, actor_kind))
        now = timezone.now()
        if assignee is not None:
            locked.assignee = assignee.strip()
        if to_status == Status.SCHEDULED:
            locked.scheduled_for = scheduled_for or locked.scheduled_for
            if locked.scheduled_for is None:
                raise ValidationError(
                    {"scheduled_for": ["Set when the work is scheduled for, then schedule."]}
                )
        locked.status = to_status
        locked.updated_at = now
        if to_status == Status.COMPLETED:
            locked.completed_at = now
        if to_status == Status.CANCELLED:
            locked.cancelled_at = now
        locked.save()
        StatusChange.objects.create(
            work_order=locked,
            from_status=from_status,
            to_status=to_status,
            actor_kind=actor_kind,
            actor_name=actor_name.strip(),
            note=note.strip(),
            at=now,
        )
    if to_status == Status.COMPLETED:
        work_orders_completed.add(1, _labels(locked))
        work_order_time_to_complete.record(
            (locked.completed_at - locked.created_at).total_seconds(), _labels(locked)
        )
    logger.info(
        "work order status changed",
        extra={
            "work_order": locked.number,
            "from_status": from_status,
            "to_status": to_status,
            "actor_kind": actor_kind,
        },
    )
    # The caller's instance reflects the new state too.
    for field in ("status", "assignee", "scheduled_for", "updated_at", "completed_at", "cancelled_at"):
        setattr(work_order, field, getattr(locked, field))
    return locked


def _refusal(work_order: WorkOrder, to_status: str, actor_kind: str) -> str:
    current = work_order.get_status_display().lower()
    if to_status == Status.CANCELLED and actor_kind == ActorKind.TENANT:
        return f"{work_order.number} can no longer be cancelled: it is {current}."
    if (work_order.status, to_status) in TRANSITIONS:
        return (
            f"{work_order.number} is {current}: only staff can move it to {Status(to_status).label.lower()}."
        )
    return f"{work_order.number} is {current}: it cannot move to {Status(to_status).label.lower()}."


def work_order_cancel(
    *, work_order: WorkOrder, actor_kind: str = ActorKind.TENANT, actor_name: str = "", reason: str = ""
) -> WorkOrder:
    return work_order_transition(
        work_order=work_order,
        to_status=Status.CANCELLED,
        actor_kind=actor_kind,
        actor_name=actor_name,
        note=reason,
    )


def comment_create(*, work_order: WorkOrder, author_kind: str, author_name: str, body: str) -> Comment:
    body = body.strip()
    if not body:
        raise ValidationError({"body": ["Write a comment."]})
    with transaction.atomic():
        now = timezone.now()
        comment = Comment.objects.create(
            work_order=work_order, author_kind=author_kind, author_name=author_name.strip(), body=body, at=now
        )
        # Last activity: a comment counts.
        WorkOrder.objects.filter(pk=work_order.pk).update(updated_at=now)
    logger.info(
        "work order comment added", extra={"work_order": work_order.number, "author_kind": author_kind}
    )
    return comment
