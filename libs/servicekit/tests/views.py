"""Views that exist only to exercise servicekit's auth and problem handling the way services use them."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from servicekit.auth import ServiceAPIMixin
from servicekit.problem import Conflict, ServiceUnavailable, Unprocessable


class WhoAmI(ServiceAPIMixin, APIView):
    allowed_callers = {"bff"}

    def get(self, request):
        return Response({"caller": str(request.user)})


class NamesNoCallers(ServiceAPIMixin, APIView):
    def get(self, request):
        return Response({})


class LineSerializer(serializers.Serializer):
    sku = serializers.CharField()
    quantity = serializers.IntegerField(min_value=1)


class OrderSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=5)
    lines = LineSerializer(many=True)

    def validate(self, attrs):
        if attrs["name"] == "nope":
            raise serializers.ValidationError("Orders named nope are refused.")
        return attrs


class Orders(ServiceAPIMixin, APIView):
    allowed_callers = {"bff"}

    def post(self, request):
        serializer = OrderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(serializer.validated_data, status=201)


class Raises(ServiceAPIMixin, APIView):
    """GET /problems/<kind>: raises what a service's code would, for the exception handler to answer."""

    allowed_callers = {"bff"}

    def get(self, request, kind: str):
        match kind:
            case "conflict":
                raise Conflict("Invoice INV-1 is already paid.")
            case "unprocessable":
                raise Unprocessable("Idempotency-Key reused with another body.")
            case "unavailable":
                raise ServiceUnavailable()
            case "not-found":
                raise Http404("no such invoice")
            case "django-field-error":
                raise DjangoValidationError({"amount": ["Must be positive."]})
            case "django-error":
                raise DjangoValidationError("The lease has ended.")
            case "bug":
                raise RuntimeError("database password is hunter2")
        return Response({"kind": kind})


def plain_django_bug(request):
    raise RuntimeError("a bug outside DRF")


def plain_django_ok(request):
    return HttpResponse("ok")
