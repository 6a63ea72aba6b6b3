from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from leasing import selectors, services
from leasing.api.serializers import (
    ApplicationCreateSerializer,
    ApplicationSerializer,
    LeaseFilterParams,
    LeaseSerializer,
    TenantSerializer,
)
from servicekit.auth import ServiceAPIMixin
from servicekit.openapi import PROBLEM


class TenantDetailView(ServiceAPIMixin, generics.RetrieveAPIView):
    allowed_callers = {"bff"}
    serializer_class = TenantSerializer
    queryset = selectors.tenant_list()


class LeaseListView(ServiceAPIMixin, generics.ListAPIView):
    """Leases by tenant, status and the date they run on (the BFF's dashboard, financial's rent run)."""

    allowed_callers = {"bff", "financial-service"}
    serializer_class = LeaseSerializer

    def get_queryset(self):
        params = LeaseFilterParams(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.lease_list(**params.validated_data)

    @extend_schema(parameters=[LeaseFilterParams])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class LeaseDetailView(ServiceAPIMixin, generics.RetrieveAPIView):
    allowed_callers = {"bff", "financial-service"}
    serializer_class = LeaseSerializer
    queryset = selectors.lease_list()


class ApplicationCreateView(ServiceAPIMixin, generics.GenericAPIView):
    allowed_callers = {"bff"}
    serializer_class = ApplicationCreateSerializer

    @extend_schema(request=ApplicationCreateSerializer, responses={201: ApplicationSerializer, 409: PROBLEM})
    def post(self, request):
        serializer = ApplicationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = services.application_create(**serializer.validated_data)
        return Response(ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)


class ApplicationDetailView(ServiceAPIMixin, generics.RetrieveAPIView):
    allowed_callers = {"bff"}
    serializer_class = ApplicationSerializer
    queryset = selectors.application_list()
    lookup_field = "id"
    lookup_url_kwarg = "pk"
