import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Category(models.TextChoices):
    PLUMBING = "plumbing", "Plumbing"
    ELECTRICAL = "electrical", "Electrical"
    HEATING_COOLING = "heating_cooling", "Heating / cooling"
    APPLIANCE = "appliance", "Appliance"
    PEST = "pest", "Pest"
    OTHER = "other", "Other"


class Priority(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    EMERGENCY = "emergency", "Emergency"


class Status(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    TRIAGED = "triaged", "Triaged"
    SCHEDULED = "scheduled", "Scheduled"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class ActorKind(models.TextChoices):
    TENANT = "tenant", "Tenant"
    STAFF = "staff", "Staff"
    SYSTEM = "system", "System"


FINAL_STATUSES = frozenset({Status.COMPLETED, Status.CANCELLED})
OPEN_STATUSES = frozenset(Status) - FINAL_STATUSES


def _choices_check(field: str, choices: type[models.TextChoices], name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


class WorkOrder(models.Model):
    # Internal sequence gives the human reference (WO-000123); the UUID is the public identifier.
    seq = models.BigAutoField(primary_key=True)
    id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # References into property-service (no foreign keys across services), as given by the BFF.
    tenant_id = models.UUIDField()
    property_id = models.UUIDField(db_index=True)
    unit_id = models.UUIDField()
    category = models.CharField(max_length=20, choices=Category.choices)
    priority = models.CharField(max_length=12, choices=Priority.choices, default=Priority.NORMAL)
    title = models.CharField(max_length=120)
    description = models.TextField(max_length=4000)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    assignee = models.CharField(
        max_length=120, blank=True, help_text="Who does the work (staff or contractor)"
    )
    scheduled_for = models.DateTimeField(null=True, blank=True, help_text="Required to schedule")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    completed_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-seq"]
        indexes = [models.Index(fields=["tenant_id", "status"], name="workorder_tenant_status")]
        constraints = [
            _choices_check("status", Status, "workorder_status_valid"),
            _choices_check("category", Category, "workorder_category_valid"),
            _choices_check("priority", Priority, "workorder_priority_valid"),
            # A completion time exactly when completed; a cancel time exactly when cancelled.
            models.CheckConstraint(
                condition=Q(status="completed", completed_at__isnull=False)
                | (~Q(status="completed") & Q(completed_at__isnull=True)),
                name="workorder_completed_at_iff_completed",
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled", cancelled_at__isnull=False)
                | (~Q(status="cancelled") & Q(cancelled_at__isnull=True)),
                name="workorder_cancelled_at_iff_cancelled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        return f"WO-{self.seq:06d}" if self.seq else "WO-(new)"


class StatusChange(models.Model):
    """One step of a work order's life; written only by services.work_order_transition/_create."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="status_changes")
    # Blank for the first entry: the request was opened.
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    actor_kind = models.CharField(max_length=8, choices=ActorKind.choices)
    actor_name = models.CharField(max_length=120, blank=True)
    note = models.TextField(blank=True, max_length=2000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        constraints = [_choices_check("actor_kind", ActorKind, "statuschange_actor_kind_valid")]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


class Comment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="comments")
    author_kind = models.CharField(max_length=8, choices=ActorKind.choices)
    author_name = models.CharField(max_length=120, blank=True)
    body = models.TextField(max_length=4000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        constraints = [_choices_check("author_kind", ActorKind, "comment_author_kind_valid")]

    def __str__(self) -> str:
        return f"{self.author_name or self.author_kind}: {self.body[:40]}"


def photo_path(photo: "WorkOrderPhoto", filename: str) -> str:
    # The name a tenant's browser sent is not trusted: only our ids and the checked type make the path.
    return f"work-orders/{photo.work_order.id}/{photo.id}.{photo.extension}"


class WorkOrderPhoto(models.Model):
    EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=photo_path, max_length=200)
    content_type = models.CharField(max_length=20)
    size = models.PositiveIntegerField(help_text="Bytes")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order the tenant attached them in")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "position"]

    def __str__(self) -> str:
        return f"{self.content_type}, {self.size} bytes"

    @property
    def extension(self) -> str:
        return self.EXTENSIONS.get(self.content_type, "bin")
