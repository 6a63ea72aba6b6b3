from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from properties import selectors
from properties.api.serializers import (
    ListingSearchParams,
    ListingSerializer,
    PropertySerializer,
    UnitSerializer,
)
from servicekit.auth import ServiceAPIMixin


class ListingListView(ServiceAPIMixin, generics.ListAPIView):
    """Search published listings."""

    allowed_callers = {"bff"}
    serializer_class = ListingSerializer

    def get_queryset(self):
        params = ListingSearchParams(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.listing_search(**params.validated_data)

    @extend_schema(parameters=[ListingSearchParams])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ListingDetailView(ServiceAPIMixin, generics.RetrieveAPIView):
    """One published listing (a draft or withdrawn listing is not found)."""

    allowed_callers = {"bff"}
    serializer_class = ListingSerializer
    queryset = selectors.listing_search()


class CityListView(ServiceAPIMixin, APIView):
    """Cities that have published listings (for the search form)."""

    allowed_callers = {"bff"}

    @extend_schema(
        responses={
            200: {"type": "object", "properties": {"cities": {"type": "array", "items": {"type": "string"}}}}
        }
    )
    def get(self, request):
        return Response({"cities": selectors.listing_cities()})


class PropertyListView(ServiceAPIMixin, generics.ListAPIView):
    allowed_callers = {"bff"}
    serializer_class = PropertySerializer
    queryset = selectors.property_list()


class PropertyDetailView(ServiceAPIMixin, generics.RetrieveAPIView):
    allowed_callers = {"bff"}
    serializer_class = PropertySerializer
    queryset = selectors.property_list()


class UnitListView(ServiceAPIMixin, generics.ListAPIView):
    allowed_callers = {"bff"}
    serializer_class = UnitSerializer

    def get_queryset(self):
        return selectors.unit_list(property_id=self.kwargs["pk"])


class UnitDetailView(ServiceAPIMixin, generics.RetrieveAPIView):
    allowed_callers = {"bff"}
    serializer_class = UnitSerializer
    queryset = selectors.unit_list()
