from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from gateway.pages import relay_page
from gateway.views import TenantAPIView
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from servicekit import idempotency
from servicekit.openapi import PROBLEM
from servicekit.problem import RequestTooLarge
from servicekit.renderers import AnyImageRenderer
from tenant_api import selectors, services
from tenant_api.api.serializers import (
    CancelSerializer,
    CommentCreateSerializer,
    CommentSerializer,
    DashboardSerializer,
    InvoiceDetailSerializer,
    InvoiceListParams,
    InvoiceSerializer,
    PaymentSerializer,
    PaySerializer,
    WorkOrderCreateSerializer,
    WorkOrderDetailSerializer,
    WorkOrderListParams,
    WorkOrderSerializer,
)
from tenant_api.photos import MAX_PHOTOS, MAX_REQUEST_BYTES, photo_problems

UNAVAILABLE = {503: PROBLEM}
# The BFF prefixes the tenant's id (37 characters) before passing the key on: room for it under 255.
MAX_IDEMPOTENCY_KEY = 200
IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}


class DashboardView(TenantAPIView):
    """Lease, balance, next invoice and open work orders at once; missing sections named in `degraded`."""

    @extend_schema(responses=DashboardSerializer)
    def get(self, request):
        return Response(DashboardSerializer(selectors.dashboard(account=self.account)).data)


class InvoiceListView(TenantAPIView):
    """The tenant's invoices, newest first."""

    @extend_schema(
        parameters=[InvoiceListParams], responses={200: InvoiceSerializer(many=True), **UNAVAILABLE}
    )
    def get(self, request):
        params = InvoiceListParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        page = selectors.invoice_list(tenant_id=self.tenant_id, **params.validated_data)
        results = InvoiceSerializer(page["results"], many=True).data
        return Response(relay_page(request, page, results, page=params.validated_data["page"]))


class InvoiceDetailView(TenantAPIView):
    """One invoice with its lines and payments."""

    @extend_schema(responses={200: InvoiceDetailSerializer, **UNAVAILABLE})
    def get(self, request, invoice_id):
        invoice = selectors.invoice_get(tenant_id=self.tenant_id, invoice_id=invoice_id)
        return Response(InvoiceDetailSerializer(invoice).data)


class InvoicePayView(TenantAPIView):
    """Pay an invoice exactly once per `Idempotency-Key` (make one per payment intent: a double click
    or a retry with the same key returns the first payment with `Idempotent-Replayed: true`)."""

    @extend_schema(
        parameters=[
            idempotency.header_parameter(
                max_length=MAX_IDEMPOTENCY_KEY,
                description="One per payment intent (a UUID), at most 200 visible ASCII characters",
            )
        ],
        request=PaySerializer,
        responses={
            201: PaymentSerializer,
            409: OpenApiResponse(
                description="The invoice cannot be paid now, or a request with this key is still in flight "
                "(type `…:idempotency-key-in-flight`, `Retry-After`: retry with the same key)"
            ),
            422: PROBLEM,
            **UNAVAILABLE,
        },
    )
    def post(self, request, invoice_id):
        key = idempotency.idempotency_key(request, max_length=MAX_IDEMPOTENCY_KEY)
        serializer = PaySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        status_code, payment, replayed = services.invoice_pay(
            tenant_id=self.tenant_id, invoice_id=invoice_id, idempotency_key=key, **serializer.validated_data
        )
        headers = {"Idempotent-Replayed": "true"} if replayed else None
        return Response(PaymentSerializer(payment).data, status=status_code, headers=headers)


class WorkOrderListCreateView(TenantAPIView):
    def initial(self, request, *args, **kwargs):
        # Before anything reads the body (the CSRF check parses a form): refuse what no valid request is.
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REQUEST_BYTES:
            raise RequestTooLarge(f"At most {MAX_PHOTOS} photos of 5 MB each.")
        super().initial(request, *args, **kwargs)

    @extend_schema(
        summary="The tenant's maintenance requests, newest first",
        parameters=[WorkOrderListParams],
        responses={200: WorkOrderSerializer(many=True), **UNAVAILABLE},
    )
    def get(self, request):
        params = WorkOrderListParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        page = selectors.work_order_list(
            tenant_id=self.tenant_id,
            page=data["page"],
            page_size=data["page_size"],
            statuses=data.get("status"),
        )
        results = WorkOrderSerializer(page["results"], many=True).data
        return Response(relay_page(request, page, results, page=data["page"]))

    @extend_schema(
        summary="Open a maintenance request for the home of the tenant's active lease",
        request={"multipart/form-data": WorkOrderCreateSerializer},
        responses={201: WorkOrderDetailSerializer, 409: PROBLEM, 413: PROBLEM, **UNAVAILABLE},
    )
    def post(self, request):
        fields = ("category", "priority", "title", "description")
        data = {name: request.data[name] for name in fields if name in request.data}
        # `photos` repeated; `photos[]` (how some form libraries name a list) is taken too.
        data["photos"] = request.FILES.getlist("photos") + request.FILES.getlist("photos[]")
        if any(name in request.data and not request.FILES.getlist(name) for name in ("photos", "photos[]")):
            raise ValidationError({"photos": ["Attach photos as files (multipart/form-data)."]})
        serializer = WorkOrderCreateSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        problems = photo_problems(serializer.validated_data["photos"])
        if problems:
            raise ValidationError({"photos": problems})
        work_order = services.work_order_create(
            tenant_id=self.tenant_id, author_name=self.account.display_name, **serializer.validated_data
        )
        return Response(WorkOrderDetailSerializer(work_order).data, status=status.HTTP_201_CREATED)


class WorkOrderDetailView(TenantAPIView):
    """One maintenance request with its timeline (status changes and comments) and photos."""

    @extend_schema(responses={200: WorkOrderDetailSerializer, **UNAVAILABLE})
    def get(self, request, work_order_id):
        work_order = selectors.work_order_get(tenant_id=self.tenant_id, work_order_id=work_order_id)
        return Response(WorkOrderDetailSerializer(work_order).data)


class WorkOrderCommentView(TenantAPIView):
    parser_classes = [JSONParser]  # JSON only, as documented: a form body is 415, not an empty request

    @extend_schema(
        summary="Comment on a maintenance request",
        request=CommentCreateSerializer,
        responses={201: CommentSerializer, **UNAVAILABLE},
    )
    def post(self, request, work_order_id):
        serializer = CommentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = services.comment_create(
            tenant_id=self.tenant_id,
            work_order_id=work_order_id,
            body=serializer.validated_data["body"],
            author_name=self.account.display_name,
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class WorkOrderCancelView(TenantAPIView):
    parser_classes = [JSONParser]  # JSON only, as documented: a form body is 415, not an empty request

    @extend_schema(
        summary="Cancel a maintenance request before work has started",
        request=CancelSerializer,
        responses={200: WorkOrderDetailSerializer, 409: PROBLEM, **UNAVAILABLE},
    )
    def post(self, request, work_order_id):
        serializer = CancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        work_order = services.work_order_cancel(
            tenant_id=self.tenant_id,
            work_order_id=work_order_id,
            reason=serializer.validated_data["reason"],
            author_name=self.account.display_name,
        )
        return Response(WorkOrderDetailSerializer(work_order).data)


class WorkOrderPhotoView(TenantAPIView):
    renderer_classes = [JSONRenderer, AnyImageRenderer]

    @extend_schema(
        summary="A photo of a maintenance request (the image bytes)",
        responses={
            (200, "image/jpeg"): OpenApiResponse(OpenApiTypes.BINARY, description="The photo"),
            (200, "image/png"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "image/webp"): OpenApiResponse(OpenApiTypes.BINARY),
            **UNAVAILABLE,
        },
    )
    def get(self, request, work_order_id, photo_id):
        content, content_type = selectors.work_order_photo(
            tenant_id=self.tenant_id, work_order_id=work_order_id, photo_id=photo_id
        )
        content_type = content_type.split(";")[0].strip().lower()
        response = HttpResponse(
            content, content_type=content_type if content_type in IMAGE_TYPES else "application/octet-stream"
        )
        if content_type not in IMAGE_TYPES:
            response["Content-Disposition"] = "attachment"  # never rendered inline as something else
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response
