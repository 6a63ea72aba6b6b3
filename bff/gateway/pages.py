"""Paginated lists relayed from a service with the BFF's own next/previous links."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.utils.urls import remove_query_param, replace_query_param

from servicekit.pagination import PageNumberPagination
from servicekit.params import QueryParams

MAX_PAGE_SIZE = PageNumberPagination.max_page_size


class PageParams(QueryParams):
    page = serializers.IntegerField(required=False, min_value=1, default=1)
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGE_SIZE, default=PageNumberPagination.page_size
    )


def relay_page(request, downstream: dict[str, Any], results: list[Any], *, page: int) -> dict[str, Any]:
    """``{count, next, previous, results}`` whose links point at this BFF endpoint, not the service."""
    url = request.build_absolute_uri()
    next_url = replace_query_param(url, "page", page + 1) if downstream.get("next") else None
    if not downstream.get("previous"):
        previous_url = None
    elif page - 1 <= 1:
        previous_url = remove_query_param(url, "page")
    else:
        previous_url = replace_query_param(url, "page", page - 1)
    return {
        "count": downstream.get("count", len(results)),
        "next": next_url,
        "previous": previous_url,
        "results": results,
    }
