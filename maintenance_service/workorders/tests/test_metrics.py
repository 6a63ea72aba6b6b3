"""Business metrics move when work orders are opened and completed."""

import pytest

from workorders import services
from workorders.models import ActorKind, Status
from workorders.tests.factories import WorkOrderFactory

pytestmark = pytest.mark.django_db

LABELS = frozenset({("category", "pest"), ("priority", "emergency")})


def test_opened_completed_and_time_to_complete(metric_points, work_order_in):
    opened_before = metric_points("work_orders_opened").get(LABELS, 0)
    completed_before = metric_points("work_orders_completed").get(LABELS, 0)
    timed_before = metric_points("work_order_time_to_complete").get(LABELS, 0)

    work_order = work_order_in(Status.IN_PROGRESS, category="pest", priority="emergency")
    WorkOrderFactory(category="plumbing", priority="low")  # other labels: not counted under LABELS
    assert metric_points("work_orders_opened")[LABELS] == opened_before + 1
    assert metric_points("work_orders_completed").get(LABELS, 0) == completed_before

    services.work_order_transition(
        work_order=work_order, to_status=Status.COMPLETED, actor_kind=ActorKind.STAFF
    )
    assert metric_points("work_orders_completed")[LABELS] == completed_before + 1
    # metric_points counts a histogram's observations.
    assert metric_points("work_order_time_to_complete")[LABELS] == timed_before + 1


def test_time_to_complete_is_recorded_in_seconds(work_order_in):
    from servicekit import telemetry

    work_order = work_order_in(Status.IN_PROGRESS, category="appliance", priority="low")
    services.work_order_transition(
        work_order=work_order, to_status=Status.COMPLETED, actor_kind=ActorKind.STAFF
    )
    work_order.refresh_from_db()
    data = telemetry.current().metric_reader.get_metrics_data()
    (point,) = [
        point
        for rm in data.resource_metrics
        for scope in rm.scope_metrics
        for metric in scope.metrics
        if metric.name == "work_order_time_to_complete"
        for point in metric.data.data_points
        if dict(point.attributes) == {"category": "appliance", "priority": "low"}
    ]
    expected = (work_order.completed_at - work_order.created_at).total_seconds()
    assert point.count == 1
    assert point.sum == pytest.approx(expected)
