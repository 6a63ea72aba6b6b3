from django.urls import include, path

from servicekit.urls import handler400, handler403, handler404, handler500, service_urlpatterns  # noqa: F401

# The portals' API lives under /api/ (no trailing slashes, as docs/api.md writes them).
urlpatterns = service_urlpatterns(
    [
        path("", include("accounts.api.urls")),
        path("", include("tenant_api.api.urls")),
        path("", include("market.api.urls")),
    ],
    api_prefix="api/",
)
