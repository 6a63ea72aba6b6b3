"""Reads: work orders of one tenant, and a work order's timeline."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db.models import QuerySet

from workorders.models import OPEN_STATUSES, WorkOrder

OPEN = "open"  # filter value: every status that is not final


def work_order_list(*, tenant_id: UUID | None, statuses: Iterable[str] = ()) -> QuerySet[WorkOrder]:
    """Newest first. ``statuses`` may contain ``open``. ``tenant_id`` None means every tenant (staff)."""
    qs = WorkOrder.objects.all()
    if tenant_id is not None:
        qs = qs.filter(tenant_id=tenant_id)
    wanted = set(statuses)
    if OPEN in wanted:
        wanted = (wanted - {OPEN}) | set(OPEN_STATUSES)
    if wanted:
        qs = qs.filter(status__in=sorted(wanted))
    return qs.order_by("-created_at", "-seq")


def work_order_detail_list(*, tenant_id: UUID | None) -> QuerySet[WorkOrder]:
    """Like work_order_list, with what the detail shows loaded in three more queries."""
    return work_order_list(tenant_id=tenant_id).prefetch_related("status_changes", "comments", "photos")


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # "status" | "comment"
    at: datetime
    author_kind: str
    author_name: str
    from_status: str | None = None
    to_status: str | None = None
    body: str | None = None  # the comment, or the note of a status change
    id: str | None = None  # comments only


def work_order_timeline(work_order: WorkOrder) -> list[TimelineEntry]:
    """Status changes and comments merged by time (a status change first when both share an instant)."""
    entries: list[tuple[tuple, TimelineEntry]] = []
    for change in work_order.status_changes.all():
        entry = TimelineEntry(
            kind="status",
            at=change.at,
            author_kind=change.actor_kind,
            author_name=change.actor_name,
            from_status=change.from_status or None,
            to_status=change.to_status,
            body=change.note or None,
        )
        entries.append(((change.at, 0, change.pk), entry))
    for comment in work_order.comments.all():
        entry = TimelineEntry(
            kind="comment",
            at=comment.at,
            author_kind=comment.author_kind,
            author_name=comment.author_name,
            body=comment.body,
            id=str(comment.id),
        )
        entries.append(((comment.at, 1, str(comment.id)), entry))
    return [entry for _, entry in sorted(entries, key=lambda pair: pair[0])]
