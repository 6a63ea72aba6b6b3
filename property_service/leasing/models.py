import uuid
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from properties.models import Listing, TimeStamped, Unit


class Tenant(TimeStamped):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField(unique=True)
    phone = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Lease(TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"
        TERMINATED = "terminated", "Terminated early"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="leases")
    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="leases")
    start_date = models.DateField()
    end_date = models.DateField()
    monthly_rent = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    currency = models.CharField(max_length=3, default="USD")
    deposit = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0.00"))
    rent_due_day = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text="Day of the month rent is due",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gt=F("start_date")), name="lease_ends_after_start"),
            models.CheckConstraint(condition=Q(monthly_rent__gt=0), name="lease_rent_positive"),
            models.CheckConstraint(condition=Q(deposit__gte=0), name="lease_deposit_not_negative"),
            models.CheckConstraint(
                condition=Q(rent_due_day__gte=1, rent_due_day__lte=28), name="lease_due_day_range"
            ),
            # One active lease per unit at a time.
            models.UniqueConstraint(
                fields=["unit"], condition=Q(status="active"), name="lease_one_active_per_unit"
            ),
        ]
        indexes = [models.Index(fields=["tenant", "status"], name="lease_tenant_status")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.tenant}"


class RentalApplication(TimeStamped):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # Internal sequence gives the human reference (APP-000123); the UUID is the public identifier.
    seq = models.BigAutoField(primary_key=True)
    id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="applications")
    full_name = models.CharField(max_length=160)
    email = models.EmailField()
    phone = models.CharField(max_length=32)
    move_in_date = models.DateField()
    occupants = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    message = models.TextField(blank=True, max_length=2000)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    tenant = models.ForeignKey(
        Tenant,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
        help_text="Set when the application is approved",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(occupants__gte=1, occupants__lte=12), name="application_occupants_range"
            ),
            # One open application per person and listing: a double submit is not two applications.
            models.UniqueConstraint(
                fields=["listing", "email"],
                condition=Q(status="submitted"),
                name="application_one_open_per_email",
            ),
        ]

    @property
    def number(self) -> str:
        return f"APP-{self.seq:06d}"

    def __str__(self) -> str:
        return f"{self.number} {self.full_name}"
