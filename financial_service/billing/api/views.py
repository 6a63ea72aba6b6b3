from django.http import HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from billing import selectors, services
from billing.api.serializers import (
    BalanceSerializer,
    InvoiceDetailSerializer,
    InvoiceListParams,
    InvoiceSerializer,
    PaymentCreateSerializer,
    PaymentSerializer,
    TenantParams,
)
from servicekit import idempotency
from servicekit.auth import ServiceAPIMixin
from servicekit.openapi import PROBLEM


class TenantScopedMixin(ServiceAPIMixin):
    """The BFF acts for one tenant and names them (``tenant_id``); other tenants' invoices are 404."""

    allowed_callers = {"bff"}
    params_class = TenantParams

    def params(self) -> dict:
        params = self.params_class(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return params.validated_data


class InvoiceListView(TenantScopedMixin, generics.ListAPIView):
    """A tenant's invoices, newest first, optionally by status."""

    serializer_class = InvoiceSerializer
    params_class = InvoiceListParams

    def get_queryset(self):
        return selectors.invoice_list(**self.params())

    @extend_schema(parameters=[InvoiceListParams])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class InvoiceDetailView(TenantScopedMixin, generics.RetrieveAPIView):
    """One invoice of the tenant, with its lines and payments."""

    serializer_class = InvoiceDetailSerializer

    def get_queryset(self):
        return selectors.invoice_detail_list(tenant_id=self.params()["tenant_id"])

    @extend_schema(parameters=[TenantParams])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _render_payment(payment) -> str:
    return JSONRenderer().render(PaymentSerializer(payment).data).decode()


class PaymentCreateView(ServiceAPIMixin, APIView):
    """Pay an invoice exactly once per Idempotency-Key (see docs/api.md)."""

    allowed_callers = {"bff"}

    @extend_schema(
        request=PaymentCreateSerializer,
        parameters=[
            idempotency.header_parameter(
                description="One unique value per payment attempt; a retry sends the same key and body."
            )
        ],
        responses={
            201: OpenApiResponse(
                PaymentSerializer,
                description="The payment; a replay answers the first response again with `Idempotent-Replayed: true`.",
            ),
            409: OpenApiResponse(
                description="The invoice cannot be paid now, or a request with this key is still in flight "
                "(type `…:idempotency-key-in-flight`, `Retry-After`: retry with the same key)"
            ),
            422: PROBLEM,
        },
    )
    def post(self, request, pk):
        key = idempotency.idempotency_key(request)
        fingerprint = idempotency.request_fingerprint(request.method, request.path, request.data)
        caller = request.user.name
        # Same key, same request: the first answer again, before anything else is judged.
        method = request.data.get("method") if isinstance(request.data, dict) else None
        method = method if isinstance(method, str) else None
        stored = services.idempotent_answer(caller=caller, key=key, fingerprint=fingerprint, method=method)
        if stored is None:
            serializer = PaymentCreateSerializer(data=request.data)
            if not serializer.is_valid():
                raise services.payment_refused(
                    "invalid_request", ValidationError(serializer.errors), method=method
                )
            stored = services.payment_record_once(
                caller=caller,
                key=key,
                fingerprint=fingerprint,
                render=_render_payment,
                invoice_id=pk,
                **serializer.validated_data,
            )
        if stored.replayed:
            return idempotency.replay_response(stored.status, stored.body)
        return HttpResponse(stored.body, status=stored.status, content_type="application/json")


class TenantBalanceView(ServiceAPIMixin, APIView):
    """What a tenant owes: outstanding, overdue, and the next amount falling due."""

    allowed_callers = {"bff"}

    @extend_schema(responses={200: BalanceSerializer})
    def get(self, request, tenant_id):
        balance = selectors.tenant_balance(tenant_id=tenant_id)
        return Response(BalanceSerializer(balance).data)
