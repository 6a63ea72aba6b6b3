from rest_framework import serializers

from properties.models import Listing, ListingPhoto, Property, Unit
from properties.selectors import LISTING_ORDERINGS
from servicekit.params import DecimalParam, QueryParams


class PropertySerializer(serializers.ModelSerializer):
    class Meta:
        model = Property
        fields = [
            "id",
            "name",
            "address_line1",
            "address_line2",
            "city",
            "postal_code",
            "country",
            "description",
        ]


class PropertySummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Property
        fields = ["id", "name", "address_line1", "city", "postal_code", "country"]


class UnitSerializer(serializers.ModelSerializer):
    property = PropertySummarySerializer(read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "label", "bedrooms", "bathrooms", "area_sqm", "floor", "property"]


class ListingPhotoSerializer(serializers.ModelSerializer):
    class Meta:
        model = ListingPhoto
        fields = ["url", "alt_text"]


class ListingSerializer(serializers.ModelSerializer):
    unit = UnitSerializer(read_only=True)
    photos = ListingPhotoSerializer(many=True, read_only=True)

    class Meta:
        model = Listing
        fields = [
            "id",
            "title",
            "description",
            "monthly_rent",
            "currency",
            "deposit",
            "available_from",
            "pets_allowed",
            "status",
            "published_at",
            "unit",
            "photos",
        ]


class ListingSearchParams(QueryParams):
    # Not trimmed: " " is a city name no property has (no results), not a malformed request.
    city = serializers.CharField(required=False, max_length=100, trim_whitespace=False)
    min_rent = DecimalParam(required=False, max_digits=10, decimal_places=2, min_value=0)
    max_rent = DecimalParam(required=False, max_digits=10, decimal_places=2, min_value=0)
    bedrooms = serializers.IntegerField(
        required=False, min_value=0, max_value=20, help_text="At least this many"
    )
    available_from = serializers.DateField(required=False, help_text="Available on or before this date")
    ordering = serializers.ChoiceField(required=False, choices=sorted(LISTING_ORDERINGS), default="newest")
