"""The lifecycle, exhaustively: every (from, to, actor) either moves and records history, or is refused
and changes nothing."""

import itertools
import threading
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from workorders import services
from workorders.models import ActorKind, Status, StatusChange, WorkOrder
from workorders.services import TRANSITIONS, InvalidTransition
from workorders.tests.factories import WorkOrderFactory

pytestmark = pytest.mark.django_db

ALL = list(itertools.product(Status, Status, ActorKind))


def snapshot(work_order: WorkOrder) -> tuple[dict, list]:
    """Every column of the work order and its whole history."""
    row = WorkOrder.objects.filter(pk=work_order.pk).values().get()
    history = list(StatusChange.objects.filter(work_order_id=work_order.pk).order_by("id").values())
    return row, history


def test_the_table_says_what_the_issue_says():
    legal = {(f, t) for (f, t) in TRANSITIONS}
    # The happy path exists, step by step.
    for pair in itertools.pairwise(
        [Status.SUBMITTED, Status.TRIAGED, Status.SCHEDULED, Status.IN_PROGRESS, Status.COMPLETED]
    ):
        assert pair in legal
    # completed and cancelled are final.
    assert not [pair for pair in legal if pair[0] in (Status.COMPLETED, Status.CANCELLED)]
    # The tenant may cancel only before work starts, and do nothing else.
    tenant_moves = {(f, t) for (f, t), actors in TRANSITIONS.items() if ActorKind.TENANT in actors}
    assert tenant_moves == {
        (Status.SUBMITTED, Status.CANCELLED),
        (Status.TRIAGED, Status.CANCELLED),
        (Status.SCHEDULED, Status.CANCELLED),
    }


@pytest.mark.parametrize(("from_status", "to_status", "actor_kind"), ALL, ids=lambda v: str(v))
def test_every_transition(work_order_in, from_status, to_status, actor_kind):
    when = timezone.now() + timedelta(days=3)
    work_order = work_order_in(from_status, priority="high")
    before, history = snapshot(work_order)

    if actor_kind in TRANSITIONS.get((from_status, to_status), ()):
        result = services.work_order_transition(
            work_order=work_order,
            to_status=to_status,
            actor_kind=actor_kind,
            actor_name="Someone",
            note="why",
            scheduled_for=when,
        )
        stored = WorkOrder.objects.get(pk=work_order.pk)
        assert result.status == stored.status == to_status
        last = stored.status_changes.order_by("-at", "-id").first()
        assert (last.from_status, last.to_status, last.actor_kind, last.actor_name, last.note) == (
            from_status,
            to_status,
            actor_kind,
            "Someone",
            "why",
        )
        assert stored.status_changes.count() == len(history) + 1
        assert stored.updated_at == last.at
        assert (stored.completed_at is not None) == (to_status == Status.COMPLETED)
        assert (stored.cancelled_at is not None) == (to_status == Status.CANCELLED)
    else:
        with pytest.raises(InvalidTransition) as refused:
            services.work_order_transition(
                work_order=work_order,
                to_status=to_status,
                actor_kind=actor_kind,
                actor_name="Someone",
                scheduled_for=when,
            )
        assert refused.value.status_code == 409
        assert work_order.number in str(refused.value.detail)
        assert snapshot(work_order) == (before, history)


def test_opening_records_the_first_history_entry():
    work_order = WorkOrderFactory(author_name="Alice Moreau")
    (entry,) = work_order.status_changes.all()
    assert (entry.from_status, entry.to_status, entry.actor_kind, entry.actor_name) == (
        "",
        Status.SUBMITTED,
        ActorKind.TENANT,
        "Alice Moreau",
    )
    assert entry.at == work_order.created_at


def test_scheduling_needs_a_date_and_keeps_one_set_before(work_order_in):
    work_order = work_order_in(Status.TRIAGED)
    with pytest.raises(ValidationError) as refused:
        services.work_order_transition(
            work_order=work_order, to_status=Status.SCHEDULED, actor_kind=ActorKind.STAFF
        )
    assert "scheduled_for" in refused.value.message_dict
    assert WorkOrder.objects.get(pk=work_order.pk).status == Status.TRIAGED
    assert work_order.status_changes.count() == 2

    when = timezone.now() + timedelta(days=1)
    WorkOrder.objects.filter(pk=work_order.pk).update(scheduled_for=when, assignee="Cascade Heating")
    work_order.refresh_from_db()
    services.work_order_transition(
        work_order=work_order, to_status=Status.SCHEDULED, actor_kind=ActorKind.STAFF
    )
    work_order.refresh_from_db()
    assert (work_order.status, work_order.scheduled_for, work_order.assignee) == (
        Status.SCHEDULED,
        when,
        "Cascade Heating",
    )


def test_a_tenant_is_told_why_a_started_job_cannot_be_cancelled(work_order_in):
    work_order = work_order_in(Status.IN_PROGRESS)
    with pytest.raises(InvalidTransition, match=r"WO-\d{6} can no longer be cancelled: it is in progress"):
        services.work_order_cancel(
            work_order=work_order, actor_kind=ActorKind.TENANT, reason="fixed it myself"
        )
    assert services.tenant_can_cancel(work_order) is False
    assert services.tenant_can_cancel(work_order_in(Status.SCHEDULED)) is True


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_transitions_cannot_both_win(work_order_in):
    """The tenant cancels while staff start the work. A third connection holds the row lock until both
    requests are waiting for it, so both read the row at the same moment: without select_for_update
    both would see 'scheduled' and both would win."""
    work_order = work_order_in(Status.SCHEDULED)
    outcomes: dict[str, str] = {}

    def attempt(name: str, to_status: Status, actor_kind: ActorKind) -> None:
        try:
            services.work_order_transition(work_order=work_order, to_status=to_status, actor_kind=actor_kind)
            outcomes[name] = "won"
        except InvalidTransition:
            outcomes[name] = "refused"
        finally:
            connections.close_all()

    def waiting_for_locks() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            return cursor.fetchone()[0]

    holder = connections.create_connection("default")
    try:
        holder.set_autocommit(False)
        with holder.cursor() as cursor:
            cursor.execute(
                "SELECT status FROM workorders_workorder WHERE seq = %s FOR UPDATE", [work_order.seq]
            )
        threads = [
            threading.Thread(target=attempt, args=("tenant", Status.CANCELLED, ActorKind.TENANT)),
            threading.Thread(target=attempt, args=("staff", Status.IN_PROGRESS, ActorKind.STAFF)),
        ]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 10
        while waiting_for_locks() < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        holder.commit()  # both go now, one after the other
    finally:
        holder.close()
    for thread in threads:
        thread.join(timeout=20)

    assert sorted(outcomes.values()) == ["refused", "won"]
    stored = WorkOrder.objects.get(pk=work_order.pk)
    winner = next(name for name, outcome in outcomes.items() if outcome == "won")
    assert stored.status == {"tenant": Status.CANCELLED, "staff": Status.IN_PROGRESS}[winner]
    assert StatusChange.objects.filter(work_order=stored, from_status=Status.SCHEDULED).count() == 1
