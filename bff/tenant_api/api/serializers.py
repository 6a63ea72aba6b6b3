"""The tenant API's shapes (docs/api.md). Output serializers project what a service sent onto the
documented shape: the portal gets exactly these fields, and the OpenAPI schema says so."""

from decimal import Decimal

from gateway.pages import PageParams
from gateway.shapes import PropertySummarySerializer, UnitFactsSerializer
from rest_framework import serializers

from servicekit.params import TextField


def money(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=True, **kwargs)


# ── property-service ──────────────────────────────────────────────────────────────────────────────
class LeaseSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    tenant_id = serializers.UUIDField()
    status = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    monthly_rent = money()
    currency = serializers.CharField()
    deposit = money()
    rent_due_day = serializers.IntegerField()
    unit = UnitFactsSerializer()
    property = PropertySummarySerializer()


# ── financial-service ─────────────────────────────────────────────────────────────────────────────
INVOICE_STATUSES = ["draft", "open", "paid", "void", "overdue"]
PAYMENT_METHODS = ["card", "bank_transfer"]


class BalanceSerializer(serializers.Serializer):
    tenant_id = serializers.UUIDField()
    currency = serializers.CharField()
    outstanding = money()
    overdue = money()
    next_due_date = serializers.DateField(allow_null=True)
    next_due_amount = money(allow_null=True)
    open_invoices = serializers.IntegerField()


class InvoiceSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.CharField(help_text="INV-2026-000123")
    tenant_id = serializers.UUIDField()
    lease_id = serializers.UUIDField()
    period = serializers.CharField(help_text="YYYY-MM")
    issue_date = serializers.DateField()
    due_date = serializers.DateField()
    currency = serializers.CharField()
    status = serializers.ChoiceField(choices=INVOICE_STATUSES)
    total = money()
    amount_paid = money()
    amount_due = money()


class InvoiceLineSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    description = serializers.CharField()
    quantity = serializers.DecimalField(max_digits=8, decimal_places=2)
    unit_price = money()
    amount = money()


class PaymentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    invoice_id = serializers.UUIDField()
    amount = money()
    currency = serializers.CharField()
    method = serializers.CharField(help_text="card, bank_transfer; staff also record cash and cheque")
    status = serializers.CharField()
    provider_reference = serializers.CharField(allow_blank=True)
    received_at = serializers.DateTimeField()


class InvoiceDetailSerializer(InvoiceSerializer):
    lines = InvoiceLineSerializer(many=True)
    payments = PaymentSerializer(many=True)


class InvoiceListParams(PageParams):
    status = serializers.ChoiceField(
        choices=INVOICE_STATUSES, required=False, allow_blank=True, help_text="Blank: any"
    )


class PaySerializer(serializers.Serializer):
    amount = money(min_value=Decimal("0.01"))
    method = serializers.ChoiceField(choices=PAYMENT_METHODS)


# ── maintenance-service ───────────────────────────────────────────────────────────────────────────
WORK_ORDER_STATUSES = ["submitted", "triaged", "scheduled", "in_progress", "completed", "cancelled"]
CATEGORIES = ["plumbing", "electrical", "heating_cooling", "appliance", "pest", "other"]
PRIORITIES = ["low", "normal", "high", "emergency"]


class WorkOrderSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.CharField(help_text="WO-000123")
    tenant_id = serializers.UUIDField()
    property_id = serializers.UUIDField()
    unit_id = serializers.UUIDField()
    category = serializers.ChoiceField(choices=CATEGORIES)
    priority = serializers.ChoiceField(choices=PRIORITIES)
    title = serializers.CharField()
    description = serializers.CharField()
    status = serializers.ChoiceField(choices=WORK_ORDER_STATUSES)
    assignee = serializers.CharField(allow_null=True, allow_blank=True)
    scheduled_for = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    cancellable = serializers.BooleanField(help_text="May the tenant still cancel it?")


class TimelineEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["status", "comment"])
    at = serializers.DateTimeField()
    from_status = serializers.CharField(allow_null=True, required=False)
    to_status = serializers.CharField(allow_null=True, required=False)
    author_kind = serializers.ChoiceField(choices=["tenant", "staff", "system"])
    author_name = serializers.CharField(allow_blank=True)
    body = serializers.CharField(allow_null=True, required=False)


class WorkOrderPhotoSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.CharField(help_text="Where the portal gets the image bytes (this BFF)")


class WorkOrderDetailSerializer(WorkOrderSerializer):
    timeline = TimelineEntrySerializer(many=True)
    photos = WorkOrderPhotoSerializer(many=True)


class CommentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    at = serializers.DateTimeField()
    author_kind = serializers.CharField()
    author_name = serializers.CharField(allow_blank=True)
    body = serializers.CharField()


class WorkOrderListParams(PageParams):
    status = serializers.ListField(
        child=serializers.ChoiceField(choices=[*WORK_ORDER_STATUSES, "open"]),
        required=False,
        help_text="Repeat for several; `open` means anything not completed or cancelled",
    )


class WorkOrderCreateSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=CATEGORIES)
    priority = serializers.ChoiceField(choices=PRIORITIES, default="normal")
    title = serializers.CharField(min_length=3, max_length=120)
    description = serializers.CharField(min_length=10, max_length=4000)
    photos = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        help_text="JPEG, PNG or WebP; at most 5, each at most 5 MB (field `photos`, repeated)",
    )


class CommentCreateSerializer(serializers.Serializer):
    body = TextField(max_length=4000)


class CancelSerializer(serializers.Serializer):
    reason = TextField(max_length=2000, required=False, default="", allow_blank=True)


# ── dashboard ─────────────────────────────────────────────────────────────────────────────────────
class TenantSummarySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    email = serializers.EmailField()


class DashboardSerializer(serializers.Serializer):
    tenant = TenantSummarySerializer()
    lease = LeaseSerializer(allow_null=True, help_text="The active lease; null if none, or if degraded")
    balance = BalanceSerializer(allow_null=True)
    next_invoice = InvoiceSerializer(allow_null=True, help_text="The open invoice due soonest")
    open_work_orders = WorkOrderSerializer(many=True, allow_null=True)
    degraded = serializers.ListField(
        child=serializers.ChoiceField(choices=["property", "financial", "maintenance"]),
        help_text="Services that did not answer in time; their sections are null",
    )
