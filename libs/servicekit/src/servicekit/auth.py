"""Service-to-service authentication: ``Authorization: Bearer <token>`` mapped to a caller name.

``SERVICE_TOKENS`` (``caller=token,other=token2``) says which caller owns which token. Views name
the callers they accept with :func:`callers`; a known caller on a view that does not name it gets
403, no or an unknown token gets 401.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from django.conf import settings
from rest_framework import authentication, exceptions, permissions

from servicekit.env import env_map


@dataclass(frozen=True)
class ServiceCaller:
    """The authenticated party of a service-to-service request (stands where DRF expects a user)."""

    name: str
    is_authenticated: bool = True
    is_active: bool = True
    is_staff: bool = False
    is_anonymous: bool = False

    def __str__(self) -> str:
        return self.name


def configured_tokens() -> dict[str, str]:
    """caller -> token, from ``settings.SERVICE_TOKENS`` or the ``SERVICE_TOKENS`` environment variable."""
    tokens = getattr(settings, "SERVICE_TOKENS", None)
    return dict(tokens) if tokens is not None else env_map("SERVICE_TOKENS")


class ServiceTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != self.keyword.lower() or not token.strip():
            raise exceptions.AuthenticationFailed("Use 'Authorization: Bearer <token>'.")
        token = token.strip()
        for caller, expected in configured_tokens().items():
            # Constant-time comparison: the time taken must not reveal how much of a token matched.
            if hmac.compare_digest(token.encode(), expected.encode()):
                return ServiceCaller(caller), token
        raise exceptions.AuthenticationFailed("Unknown service token.")

    def authenticate_header(self, request) -> str:
        return self.keyword


class AllowedCallers(permissions.BasePermission):
    """Lets through only the callers named on the view (``allowed_callers``)."""

    message = "This caller may not use this endpoint."

    def has_permission(self, request, view) -> bool:
        caller = request.user
        if not isinstance(caller, ServiceCaller):
            # Not authenticated as a service: DRF turns this into 401 when a token was missing.
            return False
        allowed = getattr(view, "allowed_callers", None)
        if allowed is None:
            raise exceptions.PermissionDenied("This endpoint names no callers.")
        return caller.name in allowed


class ServiceAPIMixin:
    """Base for internal API views: service-token authentication and a caller allow-list.

    Subclasses set ``allowed_callers = {"bff"}``.
    """

    authentication_classes = [ServiceTokenAuthentication]
    permission_classes = [AllowedCallers]
    allowed_callers: frozenset[str] | set[str] = frozenset()
