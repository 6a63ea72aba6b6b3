from django.urls import path

from billing.api import views

urlpatterns = [
    path("invoices/", views.InvoiceListView.as_view(), name="invoice-list"),
    path("invoices/<uuid:pk>/", views.InvoiceDetailView.as_view(), name="invoice-detail"),
    path("invoices/<uuid:pk>/payments", views.PaymentCreateView.as_view(), name="invoice-payments"),
    path("tenants/<uuid:tenant_id>/balance", views.TenantBalanceView.as_view(), name="tenant-balance"),
]
