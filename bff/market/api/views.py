from drf_spectacular.utils import extend_schema
from gateway.pages import relay_page
from gateway.views import PortalAPIView
from rest_framework import status
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from market import selectors, services
from market.api.serializers import (
    ApplicationReceiptSerializer,
    ApplicationSerializer,
    CitiesSerializer,
    ListingSearchParams,
    ListingSerializer,
)
from servicekit.openapi import PROBLEM

UNAVAILABLE = {503: PROBLEM}


class ListingSearchView(PortalAPIView):
    """Published listings: filter by city, rent range, bedrooms and availability; sort; paginate."""

    @extend_schema(
        parameters=[ListingSearchParams], responses={200: ListingSerializer(many=True), **UNAVAILABLE}
    )
    def get(self, request):
        params = ListingSearchParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        page = selectors.listing_search(**params.validated_data)
        results = ListingSerializer(page["results"], many=True).data
        return Response(relay_page(request, page, results, page=params.validated_data["page"]))


class CityListView(PortalAPIView):
    """Cities with published listings (for the search form)."""

    @extend_schema(responses={200: CitiesSerializer, **UNAVAILABLE})
    def get(self, request):
        return Response(CitiesSerializer(selectors.listing_cities()).data)


class ListingDetailView(PortalAPIView):
    """One published listing."""

    @extend_schema(responses={200: ListingSerializer, **UNAVAILABLE})
    def get(self, request, listing_id):
        return Response(ListingSerializer(selectors.listing_get(listing_id=listing_id)).data)


class ApplicationCreateView(PortalAPIView):
    """Apply for a listing. Throttled per client IP (429); needs the CSRF token like every POST."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "applications"

    @extend_schema(
        request=ApplicationSerializer,
        responses={201: ApplicationReceiptSerializer, 409: PROBLEM, 429: PROBLEM, **UNAVAILABLE},
    )
    def post(self, request):
        serializer = ApplicationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = services.application_submit(**serializer.validated_data)
        return Response(ApplicationReceiptSerializer(application).data, status=status.HTTP_201_CREATED)
