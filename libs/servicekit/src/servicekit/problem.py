"""RFC 9457 problem details (``application/problem+json``) for every error a service returns.

Shape: ``{type, title, status, detail, errors?}``; ``errors`` maps a field to its messages.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults as django_defaults
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "urn:property-platform:problem:"

_TITLES = {
    400: "Invalid request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    413: "Request too large",
    415: "Unsupported media type",
    422: "Unprocessable request",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}
_SLUGS = {
    400: "validation-error",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    413: "too-large",
    415: "unsupported-media-type",
    422: "unprocessable",
    429: "throttled",
    500: "server-error",
    503: "unavailable",
}


class Problem(exceptions.APIException):
    """An API error with a stable problem type; subclass for each domain failure."""

    status_code = 400
    slug = "validation-error"
    title = "Invalid request"
    default_detail = "The request cannot be processed."

    def __init__(self, detail: str | None = None, *, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(detail or self.default_detail)
        self.errors = errors


class Conflict(Problem):
    status_code = 409
    slug = "conflict"
    title = "Conflict"
    default_detail = "The request conflicts with the current state of the resource."


class Unprocessable(Problem):
    status_code = 422
    slug = "unprocessable"
    title = "Unprocessable request"


class ServiceUnavailable(Problem):
    status_code = 503
    slug = "unavailable"
    title = "Service unavailable"
    default_detail = "A service this request needs is unavailable. Try again shortly."


def problem_body(
    status_code: int,
    *,
    detail: str,
    title: str | None = None,
    slug: str | None = None,
    errors: dict[str, list[str]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": TYPE_BASE + (slug or _SLUGS.get(status_code, "error")),
        "title": title or _TITLES.get(status_code, "Error"),
        "status": status_code,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    body.update(extra)
    return body


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested ``{"field": ["msg"], "lines": [{"qty": ["msg"]}]}`` as ``{"lines.0.qty": ["msg"]}``."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = "non_field_errors" if key in ("non_field_errors", "__all__") else str(key)
            out.update(_flatten(value, f"{prefix}.{name}" if prefix else name))
        return out
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {prefix or "non_field_errors": [str(item) for item in detail]}
        out = {}
        for index, item in enumerate(detail):
            out.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return out
    return {prefix or "non_field_errors": [str(detail)]}


class RequestTooLarge(Problem):
    status_code = 413
    slug = "too-large"
    title = "Request too large"
    default_detail = "The request body is larger than this endpoint accepts."


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF ``EXCEPTION_HANDLER``: every API error becomes problem+json."""
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        # Business rules in services.py raise Django's ValidationError: same 400 as a serializer's.
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )

    if not isinstance(exc, exceptions.APIException):
        # Unexpected: log with the traceback, answer without it.
        request = context.get("request")
        logger.exception("unhandled error", extra={"path": getattr(request, "path", None)})
        set_rollback()
        return Response(
            problem_body(500, detail=_DETAILS[500]),
            status=500,
            content_type=CONTENT_TYPE,
        )

    headers: dict[str, str] = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))

    errors = None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        detail = "One or more fields are invalid." if errors else "The request is invalid."
        if set(errors) == {"non_field_errors"} and len(errors["non_field_errors"]) == 1:
            detail = errors["non_field_errors"][0]
    elif isinstance(exc, Problem):
        errors = exc.errors
        detail = str(exc.detail)
    else:
        detail = str(exc.detail) if not isinstance(exc.detail, dict | list) else exc.default_detail

    body = problem_body(
        exc.status_code,
        detail=detail,
        title=getattr(exc, "title", None) if isinstance(exc, Problem) else None,
        slug=getattr(exc, "slug", None) if isinstance(exc, Problem) else None,
        errors=errors,
    )
    set_rollback()
    return Response(body, status=exc.status_code, headers=headers, content_type=CONTENT_TYPE)


def _wants_html(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return "text/html" in accept and not request.path.startswith(API_PREFIX)


API_PREFIX = "/api/"
_DETAILS = {
    400: "The request is malformed.",
    403: "You may not do this.",
    413: "The request body is larger than this endpoint accepts.",
    500: "Something went wrong on our side. It has been logged.",
}


def _default_detail(request: HttpRequest, status_code: int) -> str:
    if status_code == 404:
        return f"Nothing is at {request.path}."
    if status_code == 405:
        return f"{request.method} is not allowed here."
    return _DETAILS.get(status_code, _TITLES.get(status_code, "The request cannot be processed."))


class ApiProblemMiddleware:
    """Under /api/ every error answer is problem+json, in every mode.

    DRF's exception handler covers the views; this covers what Django answers itself: no URL matched,
    DEBUG's technical 404 and 500 pages, an error in a plain view or a middleware. Outermost in
    MIDDLEWARE, so it also sees what the others refused. The answer keeps its status and headers.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and request.path.startswith(API_PREFIX)
            and not response.streaming
            and response.get("Content-Type", "").split(";")[0] != CONTENT_TYPE
        ):
            detail = _default_detail(request, response.status_code)
            response.content = JsonResponse(problem_body(response.status_code, detail=detail)).content
            response["Content-Type"] = CONTENT_TYPE
            if response.has_header("Content-Length"):  # set by CommonMiddleware for the old body
                response["Content-Length"] = str(len(response.content))
        return response


def problem_response(status_code: int, detail: str) -> JsonResponse:
    return JsonResponse(
        problem_body(status_code, detail=detail), status=status_code, content_type=CONTENT_TYPE
    )


# Django-level handlers (URLs no DRF view matched, errors outside DRF). Browsers (the admin) keep
# Django's HTML pages; API clients get problem+json.
def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_html(request):
        return django_defaults.page_not_found(request, exception)
    return problem_response(404, _default_detail(request, 404))


def handler500(request: HttpRequest) -> HttpResponse:
    if _wants_html(request):
        return django_defaults.server_error(request)
    return problem_response(500, _default_detail(request, 500))


def handler400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_html(request):
        return django_defaults.bad_request(request, exception)
    return problem_response(400, _default_detail(request, 400))


def handler403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_html(request):
        return django_defaults.permission_denied(request, exception)
    return problem_response(403, _default_detail(request, 403))
