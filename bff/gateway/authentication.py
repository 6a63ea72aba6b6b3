"""Who is calling: a portal user signed in with the session cookie; CSRF on every unsafe method."""

from __future__ import annotations

from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import CsrfViewMiddleware
from rest_framework import authentication, exceptions, permissions


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request, reason):
        return reason


def enforce_csrf(request) -> None:
    """Django's CSRF check (X-CSRFToken header against the csrftoken cookie, Origin and Referer)."""
    django_request = getattr(request, "_request", request)
    check = _CsrfCheck(lambda _request: None)
    check.process_request(django_request)
    try:
        reason = check.process_view(django_request, None, (), {})
    except MultiPartParserError as exc:
        # Django's check looks for the token in a form body first; a broken body is the client's error.
        raise exceptions.ParseError(f"Malformed multipart body: {exc}") from exc
    if reason:
        raise exceptions.PermissionDenied(f"CSRF check failed: {reason}")


class PortalSessionAuthentication(authentication.SessionAuthentication):
    """The session of ``POST /api/auth/login``.

    Unlike DRF's class it does not check CSRF itself: ``PortalAPIView`` checks every unsafe request,
    signed in or not (sign-in and the market's application form too), after deciding 401 vs 403.
    """

    def authenticate(self, request):
        user = getattr(request._request, "user", None)
        if user is None or not user.is_active:
            return None
        return (user, None)

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (not 403) when no one is signed in.
        return 'Session realm="portal"'


class IsTenant(permissions.BasePermission):
    """Signed in with a tenant account (staff users of the admin are not tenants)."""

    message = "This account is not a tenant account."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            raise exceptions.NotAuthenticated("Sign in first.")
        return hasattr(user, "tenant_account")
