from django.urls import path

from properties.api import views

urlpatterns = [
    path("listings/", views.ListingListView.as_view(), name="listing-list"),
    path("listings/cities/", views.CityListView.as_view(), name="listing-cities"),
    path("listings/<uuid:pk>/", views.ListingDetailView.as_view(), name="listing-detail"),
    path("properties/", views.PropertyListView.as_view(), name="property-list"),
    path("properties/<uuid:pk>/", views.PropertyDetailView.as_view(), name="property-detail"),
    path("properties/<uuid:pk>/units/", views.UnitListView.as_view(), name="property-units"),
    path("units/<uuid:pk>/", views.UnitDetailView.as_view(), name="unit-detail"),
]
