import re

from django.utils import timezone
from properties.api.serializers import PropertySummarySerializer
from rest_framework import serializers

from leasing.models import Lease, RentalApplication, Tenant
from servicekit.params import QueryParams

PHONE = re.compile(r"^\+?[0-9 ()\-.]{7,20}$")


class TenantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tenant
        fields = ["id", "first_name", "last_name", "email", "phone"]


class LeaseUnitSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    label = serializers.CharField()
    bedrooms = serializers.IntegerField()
    bathrooms = serializers.DecimalField(max_digits=3, decimal_places=1)
    area_sqm = serializers.IntegerField()
    floor = serializers.IntegerField()


class LeaseSerializer(serializers.ModelSerializer):
    tenant_id = serializers.UUIDField()
    unit = LeaseUnitSerializer()
    property = PropertySummarySerializer(source="unit.property")

    class Meta:
        model = Lease
        fields = [
            "id",
            "tenant_id",
            "status",
            "start_date",
            "end_date",
            "monthly_rent",
            "currency",
            "deposit",
            "rent_due_day",
            "unit",
            "property",
        ]


class LeaseFilterParams(QueryParams):
    tenant_id = serializers.UUIDField(required=False)
    status = serializers.ChoiceField(required=False, choices=Lease.Status.choices)
    active_on = serializers.DateField(required=False, help_text="Leases running on this date")


class ApplicationCreateSerializer(serializers.Serializer):
    listing_id = serializers.UUIDField()
    full_name = serializers.CharField(min_length=2, max_length=160)
    email = serializers.EmailField(max_length=254)
    phone = serializers.RegexField(
        PHONE, max_length=32, error_messages={"invalid": "Enter a phone number, e.g. +1 503 555 0100."}
    )
    move_in_date = serializers.DateField()
    occupants = serializers.IntegerField(min_value=1, max_value=12, default=1)
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    def validate_full_name(self, value: str) -> str:
        if not value.strip() or len(value.strip()) < 2:
            raise serializers.ValidationError("Enter your full name.")
        return value

    def validate_move_in_date(self, value):
        if value < timezone.localdate():
            raise serializers.ValidationError("The move-in date cannot be in the past.")
        return value


class ApplicationSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    listing_id = serializers.UUIDField(read_only=True)

    class Meta:
        model = RentalApplication
        fields = [
            "id",
            "number",
            "listing_id",
            "status",
            "full_name",
            "email",
            "phone",
            "move_in_date",
            "occupants",
            "message",
            "created_at",
        ]
