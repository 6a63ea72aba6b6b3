from django.urls import path

from workorders.api import views

urlpatterns = [
    path("work-orders/", views.WorkOrderListCreateView.as_view(), name="work-order-list"),
    path("work-orders/<uuid:id>/", views.WorkOrderDetailView.as_view(), name="work-order-detail"),
    path("work-orders/<uuid:id>/comments", views.CommentCreateView.as_view(), name="work-order-comments"),
    path("work-orders/<uuid:id>/cancel", views.CancelView.as_view(), name="work-order-cancel"),
    path(
        "work-orders/<uuid:id>/photos/<uuid:photo_id>",
        views.PhotoView.as_view(),
        name="work-order-photo",
    ),
]
