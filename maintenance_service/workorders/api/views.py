import logging

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from servicekit.auth import ServiceAPIMixin
from servicekit.openapi import PROBLEM
from servicekit.renderers import AnyImageRenderer
from workorders import selectors, services
from workorders.api.serializers import (
    CancelSerializer,
    CommentCreateSerializer,
    CommentSerializer,
    TenantParam,
    WorkOrderCreateMultipartSerializer,
    WorkOrderCreateSerializer,
    WorkOrderDetailSerializer,
    WorkOrderFilterParams,
    WorkOrderSerializer,
)
from workorders.models import ActorKind

logger = logging.getLogger(__name__)


class TenantScopedView(ServiceAPIMixin, generics.GenericAPIView):
    """The BFF acts for one tenant per request and says which: ``tenant_id`` in the query (reads) or
    the body (writes). Every queryset is that tenant's, so another tenant's work order is a 404.
    """

    allowed_callers = {"bff"}
    lookup_field = "id"
    lookup_url_kwarg = "id"

    def tenant_id(self):
        if not hasattr(self, "_tenant_id"):
            source = self.request.query_params if self.request.method in SAFE_METHODS else self.request.data
            params = TenantParam(data=source)
            params.is_valid(raise_exception=True)
            self._tenant_id = params.validated_data["tenant_id"]
        return self._tenant_id

    def get_queryset(self):
        return selectors.work_order_detail_list(tenant_id=self.tenant_id())


class WorkOrderListCreateView(TenantScopedView):
    """GET: the tenant's work orders, newest first. POST: open one (JSON, or multipart with photos)."""

    parser_classes = [JSONParser, MultiPartParser]
    serializer_class = WorkOrderSerializer

    @extend_schema(parameters=[WorkOrderFilterParams], responses=WorkOrderSerializer(many=True))
    def get(self, request):
        params = WorkOrderFilterParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        queryset = selectors.work_order_list(
            tenant_id=params.validated_data["tenant_id"], statuses=params.validated_data.get("status", [])
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(WorkOrderSerializer(page, many=True).data)

    @extend_schema(
        request={
            "application/json": WorkOrderCreateSerializer,
            "multipart/form-data": WorkOrderCreateMultipartSerializer,
        },
        responses={201: WorkOrderDetailSerializer},
    )
    def post(self, request):
        serializer = WorkOrderCreateMultipartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        work_order = services.work_order_create(**serializer.validated_data)
        work_order = self.get_queryset().get(pk=work_order.pk)
        return Response(WorkOrderDetailSerializer(work_order).data, status=status.HTTP_201_CREATED)


class WorkOrderDetailView(TenantScopedView):
    """One work order of the tenant, with its timeline (status changes and comments by time) and photos."""

    serializer_class = WorkOrderDetailSerializer

    @extend_schema(parameters=[TenantParam])
    def get(self, request, id):
        return Response(WorkOrderDetailSerializer(self.get_object()).data)


class CommentCreateView(TenantScopedView):
    """The tenant comments on one of their work orders."""

    serializer_class = CommentCreateSerializer

    @extend_schema(request=CommentCreateSerializer, responses={201: CommentSerializer})
    def post(self, request, id):
        work_order = self.get_object()
        serializer = CommentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = services.comment_create(
            work_order=work_order,
            author_kind=ActorKind.TENANT,
            author_name=serializer.validated_data["author_name"],
            body=serializer.validated_data["body"],
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class CancelView(TenantScopedView):
    """The tenant cancels a work order before work starts; afterwards 409."""

    serializer_class = CancelSerializer

    @extend_schema(request=CancelSerializer, responses={200: WorkOrderDetailSerializer, 409: PROBLEM})
    def post(self, request, id):
        work_order = self.get_object()
        serializer = CancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.work_order_cancel(
            work_order=work_order,
            actor_kind=ActorKind.TENANT,
            actor_name=serializer.validated_data["author_name"],
            reason=serializer.validated_data["reason"],
        )
        return Response(WorkOrderDetailSerializer(self.get_queryset().get(pk=work_order.pk)).data)


class PhotoView(TenantScopedView):
    """The bytes of a photo attached to one of the tenant's work orders."""

    renderer_classes = [JSONRenderer, AnyImageRenderer]

    @extend_schema(
        parameters=[TenantParam],
        responses={
            (200, "image/jpeg"): OpenApiResponse(OpenApiTypes.BINARY, description="The photo's bytes"),
            (200, "image/png"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "image/webp"): OpenApiResponse(OpenApiTypes.BINARY),
        },
    )
    def get(self, request, id, photo_id):
        work_order = self.get_object()
        photo = next((p for p in work_order.photos.all() if p.id == photo_id), None)
        if photo is None:
            raise NotFound("No such photo on this work order.")
        try:
            handle = photo.file.open("rb")
        except FileNotFoundError as exc:
            logger.error(
                "photo file missing", extra={"work_order": work_order.number, "photo_id": str(photo.id)}
            )
            raise NotFound("The photo's file is missing.") from exc
        response = FileResponse(handle, content_type=photo.content_type)
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response
