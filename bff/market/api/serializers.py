from gateway.pages import PageParams
from gateway.shapes import PropertySummarySerializer, UnitFactsSerializer
from rest_framework import serializers

from servicekit.params import DecimalParam

LISTING_ORDERINGS = ["newest", "rent", "-rent", "available_from", "bedrooms", "-bedrooms"]


def money(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, **kwargs)


class ListingSearchParams(PageParams):
    """property-service's listing filters, checked here first so a bad one is a 400 per field."""

    city = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="Blank: any city"
    )
    # As property-service, which filters: a wider BFF limit let through what the service then refused.
    min_rent = DecimalParam(max_digits=10, decimal_places=2, required=False, min_value=0)
    max_rent = DecimalParam(max_digits=10, decimal_places=2, required=False, min_value=0)
    bedrooms = serializers.IntegerField(
        required=False, min_value=0, max_value=20, help_text="At least this many"
    )
    available_from = serializers.DateField(required=False, help_text="Available on or before this date")
    ordering = serializers.ChoiceField(
        required=False,
        allow_blank=True,
        choices=LISTING_ORDERINGS,
        default="newest",
        help_text="Blank: newest",
    )

    def validate(self, attrs):
        low, high = attrs.get("min_rent"), attrs.get("max_rent")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"max_rent": ["Must be at least min_rent."]})
        return attrs


class UnitSerializer(UnitFactsSerializer):
    property = PropertySummarySerializer()


class ListingPhotoSerializer(serializers.Serializer):
    url = serializers.CharField(help_text="A path the market portal serves")
    alt_text = serializers.CharField(allow_blank=True)


class ListingSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    monthly_rent = money()
    currency = serializers.CharField()
    deposit = money()
    available_from = serializers.DateField()
    pets_allowed = serializers.BooleanField()
    status = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    unit = UnitSerializer()
    photos = ListingPhotoSerializer(many=True)


class CitiesSerializer(serializers.Serializer):
    cities = serializers.ListField(child=serializers.CharField())


class ApplicationSerializer(serializers.Serializer):
    listing_id = serializers.UUIDField()
    full_name = serializers.CharField(min_length=2, max_length=160)
    email = serializers.EmailField(max_length=254)
    phone = serializers.CharField(max_length=32)
    move_in_date = serializers.DateField()
    occupants = serializers.IntegerField(min_value=1, max_value=12, default=1)
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    website = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="Leave empty. A spam guard: the form hides this field from people",
    )


class ApplicationReceiptSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.CharField(help_text="APP-000123: the reference to quote")
    status = serializers.CharField()
    listing_id = serializers.UUIDField()
