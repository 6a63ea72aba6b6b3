from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from workorders import selectors, services
from workorders.models import ActorKind, Category, Priority, Status, WorkOrder, WorkOrderPhoto
from workorders.photos import MAX_PHOTOS


# DRF coerces a JSON number into text ("12") and into a UUID (UUID(int=12)). The schema says string, so
# anything else is refused: the caller has a bug, and silently guessing would hide it.
class Text(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class UUID(serializers.UUIDField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


class QueryInteger(serializers.IntegerField):
    """An empty ``?page=`` is a mistake, not "use the default" (DRF's reading of an empty form field)."""

    def get_value(self, dictionary):
        if dictionary.get(self.field_name) == "":
            return ""
        return super().get_value(dictionary)


class TenantParam(serializers.Serializer):
    tenant_id = UUID(help_text="The tenant the caller acts for; other tenants' work orders are 404")


class WorkOrderFilterParams(TenantParam):
    status = serializers.ListField(
        child=serializers.ChoiceField(choices=[*Status.values, selectors.OPEN]),
        required=False,
        help_text="Repeat to match any of several; `open` means every status but completed and cancelled",
    )
    # Validated here so that a bad value is a 400, not silently the default page size.
    page = QueryInteger(min_value=1, required=False, help_text="Page number, from 1")
    page_size = QueryInteger(min_value=1, required=False, help_text="Default 20; above 100 counts as 100")


class WorkOrderSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True, help_text="WO-000123")
    cancellable = serializers.SerializerMethodField(help_text="May the tenant still cancel it?")

    class Meta:
        model = WorkOrder
        fields = [
            "id",
            "number",
            "tenant_id",
            "property_id",
            "unit_id",
            "category",
            "priority",
            "title",
            "description",
            "status",
            "assignee",
            "scheduled_for",
            "created_at",
            "updated_at",
            "completed_at",
            "cancellable",
        ]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_cancellable(self, obj: WorkOrder) -> bool:
        return services.tenant_can_cancel(obj)


class TimelineEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["status", "comment"])
    at = serializers.DateTimeField()
    from_status = serializers.ChoiceField(choices=Status.choices, allow_null=True, required=False)
    to_status = serializers.ChoiceField(choices=Status.choices, allow_null=True, required=False)
    author_kind = serializers.ChoiceField(choices=ActorKind.choices)
    author_name = serializers.CharField(allow_blank=True)
    body = serializers.CharField(
        allow_null=True, required=False, help_text="The comment, or a status change's note"
    )


class CommentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField(default="comment")
    at = serializers.DateTimeField()
    author_kind = serializers.ChoiceField(choices=ActorKind.choices)
    author_name = serializers.CharField(allow_blank=True)
    body = serializers.CharField()


class PhotoSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkOrderPhoto
        fields = ["id", "content_type", "size"]


class WorkOrderDetailSerializer(WorkOrderSerializer):
    timeline = serializers.SerializerMethodField()
    photos = PhotoSerializer(many=True, read_only=True)

    class Meta(WorkOrderSerializer.Meta):
        fields = [*WorkOrderSerializer.Meta.fields, "timeline", "photos"]

    @extend_schema_field(TimelineEntrySerializer(many=True))
    def get_timeline(self, obj: WorkOrder) -> list[dict]:
        return TimelineEntrySerializer(
            [entry.__dict__ for entry in selectors.work_order_timeline(obj)], many=True
        ).data


class WorkOrderCreateSerializer(TenantParam):
    property_id = UUID(help_text="Of the tenant's active lease")
    unit_id = UUID(help_text="Of the tenant's active lease")
    category = serializers.ChoiceField(choices=Category.choices)
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    title = Text(min_length=3, max_length=120)
    description = Text(min_length=10, max_length=4000)
    author_name = Text(max_length=120, required=False, default="", allow_blank=True)


class WorkOrderCreateMultipartSerializer(WorkOrderCreateSerializer):
    photos = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        max_length=MAX_PHOTOS,
        error_messages={"max_length": f"Attach at most {MAX_PHOTOS} photos."},
        help_text=f"JPEG, PNG or WebP, at most 5 MB each, at most {MAX_PHOTOS}",
    )


class CommentCreateSerializer(TenantParam):
    body = Text(max_length=4000)
    author_name = Text(max_length=120, required=False, default="", allow_blank=True)


class CancelSerializer(TenantParam):
    reason = Text(max_length=2000, required=False, default="", allow_blank=True)
    author_name = Text(max_length=120, required=False, default="", allow_blank=True)
