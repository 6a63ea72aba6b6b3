from django.urls import include, path

from servicekit.urls import handler400, handler403, handler404, handler500, service_urlpatterns  # noqa: F401

urlpatterns = service_urlpatterns([path("", include("billing.api.urls"))])
