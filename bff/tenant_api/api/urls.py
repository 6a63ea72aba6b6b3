from django.urls import path

from tenant_api.api import views

urlpatterns = [
    path("tenant/dashboard", views.DashboardView.as_view(), name="tenant-dashboard"),
    path("tenant/invoices", views.InvoiceListView.as_view(), name="tenant-invoices"),
    path("tenant/invoices/<uuid:invoice_id>", views.InvoiceDetailView.as_view(), name="tenant-invoice"),
    path("tenant/invoices/<uuid:invoice_id>/pay", views.InvoicePayView.as_view(), name="tenant-invoice-pay"),
    path("tenant/work-orders", views.WorkOrderListCreateView.as_view(), name="tenant-work-orders"),
    path(
        "tenant/work-orders/<uuid:work_order_id>",
        views.WorkOrderDetailView.as_view(),
        name="tenant-work-order",
    ),
    path(
        "tenant/work-orders/<uuid:work_order_id>/comments",
        views.WorkOrderCommentView.as_view(),
        name="tenant-work-order-comments",
    ),
    path(
        "tenant/work-orders/<uuid:work_order_id>/cancel",
        views.WorkOrderCancelView.as_view(),
        name="tenant-work-order-cancel",
    ),
    path(
        "tenant/work-orders/<uuid:work_order_id>/photos/<uuid:photo_id>",
        views.WorkOrderPhotoView.as_view(),
        name="tenant-work-order-photo",
    ),
]
