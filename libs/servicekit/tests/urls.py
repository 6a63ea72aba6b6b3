from django.urls import path
from django.views.decorators.http import require_GET

from servicekit.urls import handler400, handler403, handler404, handler500, service_urlpatterns  # noqa: F401
from tests import views

urlpatterns = [
    *service_urlpatterns(
        [
            path("whoami/", views.WhoAmI.as_view()),
            path("no-callers/", views.NamesNoCallers.as_view()),
            path("orders/", views.Orders.as_view()),
            path("problems/<str:kind>/", views.Raises.as_view()),
        ]
    ),
    path("plain/bug/", views.plain_django_bug),
    path("plain/ok/", views.plain_django_ok),
    # Plain Django views under /api/: what ApiProblemMiddleware turns into problem+json.
    path("api/plain/bug/", views.plain_django_bug),
    path("api/plain/get-only/", require_GET(views.plain_django_ok)),
]
