from django.urls import path

from market.api import views

urlpatterns = [
    path("market/listings", views.ListingSearchView.as_view(), name="market-listings"),
    path("market/listings/<uuid:listing_id>", views.ListingDetailView.as_view(), name="market-listing"),
    path("market/cities", views.CityListView.as_view(), name="market-cities"),
    path("market/applications", views.ApplicationCreateView.as_view(), name="market-applications"),
]
