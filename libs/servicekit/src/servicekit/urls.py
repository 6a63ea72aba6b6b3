"""URL patterns every project shares: probes, the API (with its OpenAPI schema) and the admin.

``SERVICE_COMPONENT`` decides what this process serves, so the API Deployment in the cluster does not
expose the admin and the admin Deployment does not expose the API.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny

from servicekit.health import healthz, readyz


def service_urlpatterns(api: list[URLPattern | URLResolver], *, api_prefix: str = "api/v1/") -> list:
    patterns: list = [path("healthz", healthz, name="healthz"), path("readyz", readyz, name="readyz")]
    component = settings.SERVICE_COMPONENT
    if component in ("api", "all"):
        patterns += [
            path(api_prefix, include(api)),
            path(
                "api/schema/",
                SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[AllowAny]),
                name="schema",
            ),
            path(
                "api/docs/",
                SpectacularSwaggerView.as_view(
                    url_name="schema", authentication_classes=[], permission_classes=[AllowAny]
                ),
                name="swagger-ui",
            ),
        ]
    if component in ("admin", "all"):
        patterns.append(path("admin/", admin.site.urls))
    return patterns


handler400 = "servicekit.problem.handler400"
handler403 = "servicekit.problem.handler403"
handler404 = "servicekit.problem.handler404"
handler500 = "servicekit.problem.handler500"
