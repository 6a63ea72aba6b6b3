"""Response shapes both the tenant and the market API use (property-service's objects, as documented)."""

from rest_framework import serializers


class PropertySummarySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    address_line1 = serializers.CharField()
    city = serializers.CharField()
    postal_code = serializers.CharField()
    country = serializers.CharField()


class UnitFactsSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    label = serializers.CharField()
    bedrooms = serializers.IntegerField()
    bathrooms = serializers.DecimalField(max_digits=3, decimal_places=1)
    area_sqm = serializers.IntegerField()
    floor = serializers.IntegerField()
