from rest_framework import serializers

from billing.models import Invoice, InvoiceLine, Payment
from billing.money import MoneyInput, MoneyOutput
from servicekit.params import QueryParams


class InvoiceLineSerializer(serializers.ModelSerializer):
    amount = MoneyOutput()
    unit_price = MoneyOutput()

    class Meta:
        model = InvoiceLine
        fields = ["id", "description", "quantity", "unit_price", "amount"]


class PaymentSerializer(serializers.ModelSerializer):
    amount = MoneyOutput()

    class Meta:
        model = Payment
        fields = [
            "id",
            "invoice_id",
            "amount",
            "currency",
            "method",
            "status",
            "provider_reference",
            "received_at",
        ]


class InvoiceSerializer(serializers.ModelSerializer):
    """An invoice from ``selectors.invoice_list()`` (amounts are annotations, derived from lines)."""

    total = MoneyOutput()
    amount_paid = MoneyOutput()
    amount_due = MoneyOutput()

    class Meta:
        model = Invoice
        fields = [
            "id",
            "number",
            "tenant_id",
            "lease_id",
            "period",
            "issue_date",
            "due_date",
            "currency",
            "status",
            "total",
            "amount_paid",
            "amount_due",
        ]


class InvoiceDetailSerializer(InvoiceSerializer):
    lines = InvoiceLineSerializer(many=True, read_only=True)
    payments = PaymentSerializer(many=True, read_only=True)

    class Meta(InvoiceSerializer.Meta):
        fields = [*InvoiceSerializer.Meta.fields, "lines", "payments"]


class TenantParams(QueryParams):
    tenant_id = serializers.UUIDField(help_text="The tenant the caller acts for (required)")


class InvoiceListParams(TenantParams):
    status = serializers.ChoiceField(choices=Invoice.Status.choices, required=False)


class PaymentCreateSerializer(serializers.Serializer):
    tenant_id = serializers.UUIDField()
    amount = MoneyInput(help_text='A string, e.g. "125.00": more than 0 and at most the amount due')
    # Tenants pay by card or bank transfer; staff record cash and cheques in the admin.
    method = serializers.ChoiceField(choices=[Payment.Method.CARD.value, Payment.Method.BANK_TRANSFER.value])


class BalanceSerializer(serializers.Serializer):
    tenant_id = serializers.UUIDField()
    currency = serializers.CharField()
    outstanding = MoneyOutput()
    overdue = MoneyOutput()
    next_due_date = serializers.DateField(allow_null=True)
    next_due_amount = MoneyOutput(allow_null=True)
    open_invoices = serializers.IntegerField()
