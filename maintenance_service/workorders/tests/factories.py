import uuid

import factory

from workorders import services
from workorders.models import Category, Priority, WorkOrder


class WorkOrderFactory(factory.Factory):
    """Opens work orders the way tenants do: through services.work_order_create (history included)."""

    class Meta:
        model = WorkOrder

    tenant_id = factory.LazyFunction(uuid.uuid4)
    property_id = factory.LazyFunction(uuid.uuid4)
    unit_id = factory.LazyFunction(uuid.uuid4)
    category = Category.PLUMBING
    priority = Priority.NORMAL
    title = factory.Sequence(lambda n: f"Dripping tap {n}")
    description = "The kitchen tap drips all night long."
    author_name = "Alice Moreau"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.work_order_create(**kwargs)
