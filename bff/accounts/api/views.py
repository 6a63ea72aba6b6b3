import logging

from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.middleware.csrf import get_token
from drf_spectacular.utils import OpenApiResponse, extend_schema
from gateway.views import PortalAPIView, TenantAPIView
from rest_framework import status
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle, ScopedRateThrottle

from accounts import services, signin_throttle
from accounts.api.serializers import (
    CsrfSerializer,
    LoginSerializer,
    MeSerializer,
    PasswordChangeSerializer,
    PasswordResetAcceptedSerializer,
    PasswordResetConfirmSerializer,
    PasswordResetSerializer,
)
from servicekit.openapi import PROBLEM
from servicekit.problem import Problem

logger = logging.getLogger(__name__)

WRONG_CREDENTIALS = "The email or password is not correct."


def client_ip(request) -> str:
    # DRF's reading of X-Forwarded-For, trusting exactly NUM_PROXIES hops (REMOTE_ADDR when 0).
    return BaseThrottle().get_ident(request)


class TooManyAttempts(Problem):
    status_code = 429
    slug = "throttled"
    title = "Too many requests"

    def __init__(self, wait: int) -> None:
        super().__init__(f"Too many failed attempts. Try again in {wait} seconds.")
        self.wait = wait


def refuse_if_throttled(*, email: str, ip: str) -> None:
    wait = signin_throttle.seconds_until_allowed(email=email, ip=ip)
    if wait:
        logger.warning("sign-in refused: throttled", extra={"client_ip": ip, "retry_after": wait})
        raise TooManyAttempts(wait)


class CsrfView(PortalAPIView):
    """Sets the `csrftoken` cookie; send its value as `X-CSRFToken` on every unsafe request."""

    @extend_schema(responses=CsrfSerializer)
    def get(self, request):
        return Response({"csrf_token": get_token(request._request)})


class LoginView(PortalAPIView):
    """Sign in with email and password. Sets the HttpOnly session cookie and a new csrftoken cookie."""

    @extend_schema(request=LoginSerializer, responses={200: MeSerializer, 429: PROBLEM})
    def post(self, request):
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email, password = serializer.validated_data["email"], serializer.validated_data["password"]
        ip = client_ip(request)
        refuse_if_throttled(email=email, ip=ip)

        user = authenticate(request._request, username=email.lower(), password=password)
        if user is None or not hasattr(user, "tenant_account"):
            signin_throttle.record_failure(email=email, ip=ip)
            logger.info("sign-in failed", extra={"client_ip": ip})
            raise Problem(WRONG_CREDENTIALS)
        login(request._request, user)  # new session key and CSRF token: no session fixation
        signin_throttle.record_success(email=email)
        logger.info("signed in", extra={"user_id": user.pk})
        return Response(MeSerializer(user.tenant_account).data)


class LogoutView(PortalAPIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(TenantAPIView):
    """The signed-in tenant's account."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user.tenant_account).data)


class PasswordChangeView(TenantAPIView):
    """Change the password; this session stays signed in, every other session of the account ends."""

    @extend_schema(request=PasswordChangeSerializer, responses={204: None, 429: PROBLEM})
    def post(self, request):
        user = request.user
        # Wrong current passwords count like failed sign-ins: a stolen session cannot guess the password.
        ip = client_ip(request)
        refuse_if_throttled(email=user.username, ip=ip)
        serializer = PasswordChangeSerializer(data=request.data, context={"user": user})
        if not serializer.is_valid():
            if "current_password" in serializer.errors:
                signin_throttle.record_failure(email=user.username, ip=ip)
            serializer.is_valid(raise_exception=True)
        services.password_change(user=user, new_password=serializer.validated_data["new_password"])
        update_session_auth_hash(request._request, user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordResetView(PortalAPIView):
    """Email a reset link if an account has this address. Always 202: nobody learns who has an account."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "password_reset"

    @extend_schema(
        request=PasswordResetSerializer, responses={202: PasswordResetAcceptedSerializer, 429: PROBLEM}
    )
    def post(self, request):
        serializer = PasswordResetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.password_reset_request(email=serializer.validated_data["email"])
        return Response(
            {"detail": "If an account uses this email, a link to reset its password is on its way."},
            status=status.HTTP_202_ACCEPTED,
        )


class PasswordResetConfirmView(PortalAPIView):
    """Set a new password with the uid and token of the emailed link."""

    @extend_schema(
        request=PasswordResetConfirmSerializer,
        responses={204: OpenApiResponse(description="Password changed; sign in with it")},
    )
    def post(self, request):
        serializer = PasswordResetConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.password_reset_confirm(**serializer.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)
