"""Demo data: work orders in every state for the demo tenants, with their history and comments.

Tenants, units and properties come from servicekit.demo (the same ids property-service seeds), each
work order on the unit of its tenant's lease. Work order ids are fixed (9…-pattern, README); running
the command twice changes nothing: an existing work order is left as it is.
"""

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from servicekit import demo
from workorders.models import ActorKind, Comment, Status, StatusChange, WorkOrder
from workorders.services import allowed

STAFF = "Sam Rivera (maintenance desk)"
CONTRACTOR = "Northside Plumbing"


def work_order_id(n: int) -> UUID:
    return UUID(f"90000000-0000-4000-8000-{n:012d}")


@dataclass(frozen=True)
class Step:
    hours: float  # after the request was opened
    to_status: Status
    note: str = ""
    actor_kind: ActorKind = ActorKind.STAFF


@dataclass(frozen=True)
class Note:
    hours: float
    body: str
    author_kind: ActorKind = ActorKind.TENANT


@dataclass(frozen=True)
class Scenario:
    n: int
    tenant: int  # index into demo.TENANTS (its lease gives the unit and property)
    days_ago: float
    category: str
    priority: str
    title: str
    description: str
    steps: tuple[Step, ...] = ()
    notes: tuple[Note, ...] = ()
    assignee: str = ""
    scheduled_in_hours: float | None = None  # for scheduled work, from the last step


SCENARIOS = (
    Scenario(
        1,
        0,
        1.5,
        "plumbing",
        "normal",
        "Kitchen tap drips",
        "The kitchen tap keeps dripping even when fully closed. It started last week and is getting worse.",
        notes=(Note(2, "It drips roughly once a second. Mornings are best for a visit."),),
    ),
    Scenario(
        2,
        0,
        6,
        "heating_cooling",
        "high",
        "Bedroom radiator stays cold",
        "The radiator in the main bedroom stays cold although the thermostat is set to 21°C.",
        steps=(
            Step(3, Status.TRIAGED, "Likely air in the system; sending a technician."),
            Step(20, Status.SCHEDULED, "Technician booked."),
        ),
        notes=(Note(4, "Thanks! Any weekday after 3 pm works for me."),),
        assignee="Cascade Heating",
        scheduled_in_hours=24 * 8,
    ),
    Scenario(
        3,
        0,
        40,
        "appliance",
        "normal",
        "Dishwasher does not drain",
        "Water stays at the bottom of the dishwasher after every cycle; the filter is clean.",
        steps=(
            Step(5, Status.TRIAGED),
            Step(26, Status.SCHEDULED),
            Step(24 * 4, Status.IN_PROGRESS, "Technician on site."),
            Step(24 * 4 + 2, Status.COMPLETED, "Drain pump replaced."),
        ),
        notes=(Note(24 * 4 + 1, "Found a broken drain pump; replacing it now.", ActorKind.STAFF),),
        assignee="ApplianceCare",
        scheduled_in_hours=24 * 4,
    ),
    Scenario(
        4,
        0,
        25,
        "pest",
        "low",
        "Ants on the balcony",
        "A line of ants comes in under the balcony door in the afternoon.",
        steps=(Step(30, Status.CANCELLED, "Gone after the rain, no visit needed.", ActorKind.TENANT),),
    ),
    Scenario(
        5,
        1,
        3,
        "electrical",
        "high",
        "Bathroom outlet sparks",
        "The outlet next to the bathroom mirror sparked when I plugged in a hair dryer. I stopped using it.",
        steps=(Step(1, Status.TRIAGED, "Please keep the outlet unused until an electrician checks it."),),
        notes=(
            Note(
                1.5,
                "Understood, it is taped over.",
            ),
        ),
    ),
    Scenario(
        6,
        1,
        2,
        "plumbing",
        "emergency",
        "Water leaking through the ceiling",
        "Water is dripping from the ceiling light in the hallway; the flat above may have a leak.",
        steps=(
            Step(0.2, Status.TRIAGED, "Emergency: plumber on the way."),
            Step(1, Status.IN_PROGRESS, "Plumber on site, water shut off upstairs."),
        ),
        notes=(Note(1.2, "Pipe joint failed upstairs; drying the ceiling tomorrow.", ActorKind.STAFF),),
        assignee=CONTRACTOR,
    ),
    Scenario(
        7,
        2,
        60,
        "heating_cooling",
        "normal",
        "AC rattles",
        "The air conditioner in the living room rattles loudly at night.",
        steps=(
            Step(8, Status.TRIAGED),
            Step(30, Status.SCHEDULED),
            Step(24 * 6, Status.IN_PROGRESS),
            Step(24 * 6 + 3, Status.COMPLETED, "Loose fan blade fixed, filter replaced."),
        ),
        assignee="Cool Air Austin",
        scheduled_in_hours=24 * 5,
    ),
    Scenario(
        8,
        2,
        0.5,
        "other",
        "low",
        "Mailbox lock sticks",
        "The key turns only halfway in mailbox 2A; I can still open it with some force.",
    ),
    Scenario(
        9,
        3,
        12,
        "appliance",
        "normal",
        "Oven door hinge loose",
        "The oven door hangs crooked and does not close fully; the left hinge seems loose.",
        steps=(
            Step(6, Status.TRIAGED),
            Step(28, Status.SCHEDULED, "Part ordered; visit booked."),
            Step(24 * 9, Status.IN_PROGRESS),
        ),
        notes=(
            Note(24 * 2, "Could the visit be in the morning?"),
            Note(24 * 2 + 3, "Yes, 9-11 am.", ActorKind.STAFF),
        ),
        assignee="ApplianceCare",
        scheduled_in_hours=24 * 7,
    ),
    Scenario(
        10,
        3,
        9,
        "pest",
        "high",
        "Mice in the kitchen",
        "We saw droppings under the sink and heard scratching in the wall behind the fridge.",
        steps=(
            Step(4, Status.TRIAGED),
            Step(10, Status.CANCELLED, "Duplicate of a building-wide pest visit."),
        ),
    ),
)


class Command(BaseCommand):
    help = "Create the demo work orders (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        demo.ensure_demo_staff_user()
        now = timezone.now()
        created = 0
        for scenario in SCENARIOS:
            if WorkOrder.objects.filter(id=work_order_id(scenario.n)).exists():
                continue
            self._create(scenario, now)
            created += 1
        states = sorted({s.steps[-1].to_status if s.steps else Status.SUBMITTED for s in SCENARIOS})
        self.stdout.write(
            f"seed_demo: {created} work orders created, {len(SCENARIOS) - created} already there "
            f"(states: {', '.join(states)})"
        )

    def _create(self, scenario: Scenario, now) -> None:
        tenant = demo.TENANTS[scenario.tenant]
        lease = next(lease for lease in demo.LEASES if lease.tenant_id == tenant.id)
        unit = demo.unit(lease.unit_id)
        tenant_name = f"{tenant.first_name} {tenant.last_name}"
        opened = now - timedelta(days=scenario.days_ago)

        def at(hours: float):
            # Never in the future: a young request shows only what has happened so far.
            return min(opened + timedelta(hours=hours), now)

        work_order = WorkOrder.objects.create(
            id=work_order_id(scenario.n),
            tenant_id=tenant.id,
            property_id=unit.property_id,
            unit_id=unit.id,
            category=scenario.category,
            priority=scenario.priority,
            title=scenario.title,
            description=scenario.description,
            created_at=opened,
            updated_at=opened,
        )
        StatusChange.objects.create(
            work_order=work_order,
            to_status=Status.SUBMITTED,
            actor_kind=ActorKind.TENANT,
            actor_name=tenant_name,
            at=opened,
        )
        status = Status.SUBMITTED
        for step in scenario.steps:
            assert allowed(status, step.to_status, step.actor_kind), (scenario.n, status, step.to_status)
            StatusChange.objects.create(
                work_order=work_order,
                from_status=status,
                to_status=step.to_status,
                actor_kind=step.actor_kind,
                actor_name=tenant_name if step.actor_kind == ActorKind.TENANT else STAFF,
                note=step.note,
                at=at(step.hours),
            )
            status = step.to_status
            if status == Status.SCHEDULED:
                work_order.scheduled_for = opened + timedelta(
                    hours=step.hours + (scenario.scheduled_in_hours or 48)
                )
            if status == Status.COMPLETED:
                work_order.completed_at = at(step.hours)
            if status == Status.CANCELLED:
                work_order.cancelled_at = at(step.hours)
        for note in scenario.notes:
            Comment.objects.create(
                work_order=work_order,
                author_kind=note.author_kind,
                author_name=tenant_name if note.author_kind == ActorKind.TENANT else STAFF,
                body=note.body,
                at=at(note.hours),
            )
        last = max([opened, *(at(s.hours) for s in scenario.steps), *(at(n.hours) for n in scenario.notes)])
        work_order.status = status
        work_order.assignee = scenario.assignee
        work_order.updated_at = last
        work_order.save()
