from django.urls import path

from leasing.api import views

urlpatterns = [
    path("tenants/<uuid:pk>/", views.TenantDetailView.as_view(), name="tenant-detail"),
    path("leases/", views.LeaseListView.as_view(), name="lease-list"),
    path("leases/<uuid:pk>/", views.LeaseDetailView.as_view(), name="lease-detail"),
    path("applications/", views.ApplicationCreateView.as_view(), name="application-create"),
    path("applications/<uuid:pk>/", views.ApplicationDetailView.as_view(), name="application-detail"),
]
