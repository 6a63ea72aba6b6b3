import uuid
from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Round

from billing.money import MAX_DIGITS, ZERO, MoneyField, to_cents

PERIOD_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def _money_sum(queryset) -> Coalesce:
    """A correlated SUM(amount) subquery: one value per invoice, no join that multiplies rows."""
    total = queryset.values("invoice").annotate(s=Sum("amount")).values("s")
    money = models.DecimalField(max_digits=MAX_DIGITS, decimal_places=2)
    return Coalesce(Subquery(total, output_field=money), Value(ZERO), output_field=money)


class InvoiceQuerySet(models.QuerySet):
    def with_amounts(self) -> "InvoiceQuerySet":
        """Adds ``total`` (sum of the lines), ``amount_paid`` (succeeded payments) and ``amount_due``.

        Totals are always derived from the lines and payments, never stored, so they cannot drift.
        """
        lines = InvoiceLine.objects.filter(invoice=OuterRef("pk"))
        paid = Payment.objects.filter(invoice=OuterRef("pk"), status=Payment.Status.SUCCEEDED)
        return self.annotate(total=_money_sum(lines), amount_paid=_money_sum(paid)).annotate(
            amount_due=F("total") - F("amount_paid")
        )

    def unpaid(self) -> "InvoiceQuerySet":
        return self.filter(status__in=Invoice.UNPAID_STATUSES)


class InvoiceNumberSequence(models.Model):
    """The last invoice number issued in a year; its row is locked while a number is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_value}"


class Invoice(TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        PAID = "paid", "Paid"
        VOID = "void", "Void"
        OVERDUE = "overdue", "Overdue"

    UNPAID_STATUSES = (Status.OPEN, Status.OVERDUE)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(max_length=16, unique=True, editable=False, help_text="INV-YYYY-NNNNNN")
    # References into property-service (no foreign keys across services).
    lease_id = models.UUIDField(db_index=True)
    tenant_id = models.UUIDField()
    period = models.CharField(
        max_length=7,
        validators=[RegexValidator(PERIOD_PATTERN, "Use YYYY-MM.")],
        help_text="Billing period, YYYY-MM",
    )
    issue_date = models.DateField()
    due_date = models.DateField(db_index=True)
    currency = models.CharField(
        max_length=3, default="USD", validators=[RegexValidator(CURRENCY_PATTERN, "Use an ISO 4217 code.")]
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT, db_index=True)
    paid_at = models.DateTimeField(null=True, blank=True, editable=False)
    voided_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["-issue_date", "-number"]
        constraints = [
            # The rent run makes one invoice per lease and month, however often it runs.
            models.UniqueConstraint(fields=["lease_id", "period"], name="invoice_one_per_lease_period"),
            models.CheckConstraint(condition=Q(period__regex=PERIOD_PATTERN), name="invoice_period_format"),
            models.CheckConstraint(
                condition=Q(currency__regex=CURRENCY_PATTERN), name="invoice_currency_format"
            ),
            models.CheckConstraint(
                condition=Q(number__regex=r"^INV-[0-9]{4}-[0-9]{6}$"), name="invoice_number_format"
            ),
        ]
        indexes = [models.Index(fields=["tenant_id", "status"], name="invoice_tenant_status")]

    def __str__(self) -> str:
        return self.number


class InvoiceLine(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(max_length=200)
    quantity = models.DecimalField(
        max_digits=8, decimal_places=2, default=Decimal("1"), validators=[MinValueValidator(Decimal("0.01"))]
    )
    unit_price = MoneyField(validators=[MinValueValidator(ZERO)])
    # quantity x unit_price rounded to cents; computed in save() and checked by the database.
    amount = MoneyField(editable=False)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="line_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="line_unit_price_not_negative"),
            models.CheckConstraint(
                condition=Q(amount=Round(F("quantity") * F("unit_price"), 2)),
                name="line_amount_is_quantity_times_price",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def save(self, *args, **kwargs):
        price = self._meta.get_field("unit_price").to_python(self.unit_price)  # refuses a float
        self.amount = to_cents(Decimal(self.quantity) * price)
        super().save(*args, **kwargs)


class Payment(TimeStamped):
    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", "Succeeded"
        VOID = "void", "Void (recorded by mistake)"

    class Method(models.TextChoices):
        CARD = "card", "Card"
        BANK_TRANSFER = "bank_transfer", "Bank transfer"
        CASH = "cash", "Cash"
        CHEQUE = "cheque", "Cheque"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    amount = MoneyField()
    currency = models.CharField(max_length=3)
    method = models.CharField(max_length=16, choices=Method.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUCCEEDED)
    provider_reference = models.CharField(max_length=64, blank=True)
    received_at = models.DateTimeField()
    recorded_by = models.CharField(max_length=150, help_text="API caller or staff user")
    voided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} ({self.get_method_display()})"


class IdempotencyRecord(models.Model):
    """The first answer to a request with an Idempotency-Key, saved with the payment it created."""

    caller = models.CharField(max_length=150)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="sha256 of method, path and canonical body")
    response_status = models.PositiveSmallIntegerField()
    response_body = models.TextField(help_text="Exactly the bytes sent the first time")
    payment = models.OneToOneField(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="idempotency_record"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # Two concurrent requests with one key: the second insert fails and its transaction rolls back.
            models.UniqueConstraint(fields=["caller", "key"], name="idempotency_one_per_caller_key")
        ]

    def __str__(self) -> str:
        return f"{self.caller}:{self.key}"
