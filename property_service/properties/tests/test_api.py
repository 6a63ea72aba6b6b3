import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from properties.models import Listing
from properties.tests.factories import (
    ListingFactory,
    ListingPhotoFactory,
    PropertyFactory,
    UnitFactory,
)
from servicekit.problem import CONTENT_TYPE

pytestmark = pytest.mark.django_db

LISTINGS = "/api/v1/listings/"


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def listing_in(city: str, *, rent: str = "1500.00", bedrooms: int = 2, available_in_days: int = 14, **kwargs):
    return ListingFactory(
        unit__property__city=city,
        unit__bedrooms=bedrooms,
        monthly_rent=Decimal(rent),
        available_from=timezone.localdate() + timedelta(days=available_in_days),
        **kwargs,
    )


# --- search -------------------------------------------------------------------------------------


def test_search_returns_published_listings_only(bff):
    published = listing_in("Portland")
    listing_in("Portland", draft=True)
    listing_in("Portland", status=Listing.Status.UNPUBLISHED)
    assert ids(bff.get(LISTINGS)) == [str(published.id)]


def test_a_listing_has_the_documented_shape_with_money_as_strings(bff):
    listing = listing_in("Austin", rent="1395.50")
    ListingPhotoFactory(listing=listing, url="/photos/congress-flats-1.svg", alt_text="Kitchen", position=0)
    (item,) = bff.get(LISTINGS).json()["results"]
    assert item["monthly_rent"] == "1395.50"
    assert item["deposit"] == "1500.00"
    assert item["currency"] == "USD"
    assert item["available_from"] == listing.available_from.isoformat()
    assert item["photos"] == [{"url": "/photos/congress-flats-1.svg", "alt_text": "Kitchen"}]
    assert set(item) == {
        "id", "title", "description", "monthly_rent", "currency", "deposit", "available_from",
        "pets_allowed", "status", "published_at", "unit", "photos",
    }  # fmt: skip
    assert set(item["unit"]) == {"id", "label", "bedrooms", "bathrooms", "area_sqm", "floor", "property"}
    assert item["unit"]["property"]["city"] == "Austin"
    assert set(item["unit"]["property"]) == {"id", "name", "address_line1", "city", "postal_code", "country"}


def test_filter_by_city_ignores_case(bff):
    austin = listing_in("Austin")
    listing_in("Denver")
    assert ids(bff.get(LISTINGS, {"city": "austin"})) == [str(austin.id)]
    assert ids(bff.get(LISTINGS, {"city": "Aus"})) == [], "whole city names, not prefixes"


def test_filter_by_rent_range_is_inclusive(bff):
    cheap, middle, dear = (listing_in("Portland", rent=r) for r in ("1000.00", "1500.00", "2000.00"))
    assert set(ids(bff.get(LISTINGS, {"min_rent": "1500.00"}))) == {str(middle.id), str(dear.id)}
    assert set(ids(bff.get(LISTINGS, {"max_rent": "1500"}))) == {str(cheap.id), str(middle.id)}
    assert ids(bff.get(LISTINGS, {"min_rent": "1000.01", "max_rent": "1999.99"})) == [str(middle.id)]
    assert ids(bff.get(LISTINGS, {"min_rent": "2000", "max_rent": "1000"})) == [], (
        "an empty range matches nothing"
    )


def test_filter_by_bedrooms_means_at_least(bff):
    _studio, two, three = (listing_in("Portland", bedrooms=b) for b in (0, 2, 3))
    assert set(ids(bff.get(LISTINGS, {"bedrooms": 2}))) == {str(two.id), str(three.id)}
    assert len(ids(bff.get(LISTINGS, {"bedrooms": 0}))) == 3


def test_filter_by_available_from_means_available_by_that_date(bff):
    soon = listing_in("Portland", available_in_days=5)
    listing_in("Portland", available_in_days=60)
    day = (timezone.localdate() + timedelta(days=5)).isoformat()
    assert ids(bff.get(LISTINGS, {"available_from": day})) == [str(soon.id)]


def test_filters_combine(bff):
    match = listing_in("Denver", rent="1800.00", bedrooms=2, available_in_days=10)
    listing_in("Denver", rent="1800.00", bedrooms=1, available_in_days=10)  # too few bedrooms
    listing_in("Denver", rent="2600.00", bedrooms=2, available_in_days=10)  # too dear
    listing_in("Denver", rent="1800.00", bedrooms=2, available_in_days=90)  # too late
    listing_in("Austin", rent="1800.00", bedrooms=2, available_in_days=10)  # elsewhere
    query = {
        "city": "Denver",
        "min_rent": "1500",
        "max_rent": "2000",
        "bedrooms": 2,
        "available_from": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }
    assert ids(bff.get(LISTINGS, query)) == [str(match.id)]


def test_ordering(bff):
    now = timezone.now()
    a = listing_in(
        "Portland", rent="1200.00", bedrooms=3, available_in_days=30, published_at=now - timedelta(days=3)
    )
    b = listing_in(
        "Portland", rent="1900.00", bedrooms=1, available_in_days=10, published_at=now - timedelta(days=1)
    )
    c = listing_in(
        "Portland", rent="1500.00", bedrooms=2, available_in_days=20, published_at=now - timedelta(days=2)
    )
    expected = {
        None: [b, c, a],  # newest first by default
        "newest": [b, c, a],
        "rent": [a, c, b],
        "-rent": [b, c, a],
        "available_from": [b, c, a],
        "bedrooms": [b, c, a],
        "-bedrooms": [a, c, b],
    }
    for ordering, listings in expected.items():
        query = {"ordering": ordering} if ordering else {}
        assert ids(bff.get(LISTINGS, query)) == [str(x.id) for x in listings], ordering


def test_pagination_defaults_to_20_and_caps_at_100(bff):
    ListingFactory.create_batch(105)
    page = bff.get(LISTINGS).json()
    assert page["count"] == 105
    assert len(page["results"]) == 20
    assert page["previous"] is None
    assert "page=2" in page["next"]
    assert len(bff.get(LISTINGS, {"page_size": 50}).json()["results"]) == 50
    assert len(bff.get(LISTINGS, {"page_size": 500}).json()["results"]) == 100
    last = bff.get(LISTINGS, {"page_size": 100, "page": 2}).json()
    assert len(last["results"]) == 5 and last["next"] is None


def test_pages_do_not_overlap_or_skip(bff):
    ListingFactory.create_batch(45, published_at=timezone.now())  # equal sort keys: the id breaks ties
    seen = []
    for page in (1, 2, 3):
        seen += ids(bff.get(LISTINGS, {"page": page}))
    assert len(seen) == len(set(seen)) == 45


def test_a_page_past_the_end_is_404_problem(bff):
    response = bff.get(LISTINGS, {"page": 9})
    assert response.status_code == 404
    assert response["Content-Type"] == CONTENT_TYPE


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"min_rent": "cheap"}, "min_rent"),
        ({"min_rent": "-1"}, "min_rent"),
        ({"max_rent": "12345678901.00"}, "max_rent"),
        ({"min_rent": ""}, "min_rent"),
        ({"min_rent": "1e3"}, "min_rent"),
        ({"max_rent": " 12"}, "max_rent"),
        ({"max_rent": "."}, "max_rent"),
        ({"bedrooms": ""}, "bedrooms"),
        ({"ordering": ""}, "ordering"),
        ({"page": ""}, "page"),
        ({"page": "first"}, "page"),
        ({"page_size": "0"}, "page_size"),
        ({"bedrooms": "two"}, "bedrooms"),
        ({"bedrooms": "-1"}, "bedrooms"),
        ({"bedrooms": "21"}, "bedrooms"),
        ({"available_from": "next week"}, "available_from"),
        ({"available_from": "2026-02-30"}, "available_from"),
        ({"ordering": "price"}, "ordering"),
        ({"city": "x" * 101}, "city"),
        ({"city": "Port\x00land"}, "city"),
    ],
)
def test_bad_search_parameters_are_400_per_field(bff, query, field):
    response = bff.get(LISTINGS, query)
    assert response.status_code == 400
    assert response["Content-Type"] == CONTENT_TYPE
    body = response.json()
    assert body["status"] == 400
    assert list(body["errors"]) == [field]


def test_several_bad_parameters_are_all_reported(bff):
    body = bff.get(LISTINGS, {"bedrooms": "x", "ordering": "y", "min_rent": "z"}).json()
    assert set(body["errors"]) == {"bedrooms", "ordering", "min_rent"}


# --- detail -------------------------------------------------------------------------------------


def test_listing_detail(bff):
    listing = ListingFactory()
    response = bff.get(f"{LISTINGS}{listing.id}/")
    assert response.status_code == 200
    assert response.json()["id"] == str(listing.id)


@pytest.mark.parametrize("status", [Listing.Status.DRAFT, Listing.Status.UNPUBLISHED])
def test_a_listing_that_is_not_published_is_not_found(bff, status):
    listing = ListingFactory(status=status)
    response = bff.get(f"{LISTINGS}{listing.id}/")
    assert response.status_code == 404
    assert response["Content-Type"] == CONTENT_TYPE
    assert response.json()["type"] == "urn:property-platform:problem:not-found"


def test_an_unknown_listing_is_404_problem(bff):
    response = bff.get(f"{LISTINGS}{uuid.uuid4()}/")
    assert response.status_code == 404
    assert response["Content-Type"] == CONTENT_TYPE


def test_a_malformed_id_is_404_problem(bff):
    response = bff.get(f"{LISTINGS}not-a-uuid/")
    assert response.status_code == 404
    assert response["Content-Type"] == CONTENT_TYPE


def test_cities_with_published_listings(bff):
    listing_in("Portland")
    listing_in("Austin")
    listing_in("Austin")
    listing_in("Denver", draft=True)
    assert bff.get(f"{LISTINGS}cities/").json() == {"cities": ["Austin", "Portland"]}


# --- properties and units -----------------------------------------------------------------------


def test_properties_list_and_detail(bff):
    building = PropertyFactory(name="Alder Court")
    page = bff.get("/api/v1/properties/").json()
    assert [p["name"] for p in page["results"]] == ["Alder Court"]
    detail = bff.get(f"/api/v1/properties/{building.id}/").json()
    assert detail["address_line1"] == building.address_line1
    assert bff.get(f"/api/v1/properties/{uuid.uuid4()}/").status_code == 404


def test_units_of_a_property(bff):
    building = PropertyFactory()
    UnitFactory(property=building, label="2A")
    UnitFactory(property=building, label="1A")
    UnitFactory()  # another building
    units = bff.get(f"/api/v1/properties/{building.id}/units/").json()["results"]
    assert [u["label"] for u in units] == ["1A", "2A"]
    assert units[0]["bathrooms"] == "1.0"
    assert units[0]["property"]["id"] == str(building.id)


def test_units_of_an_unknown_property_are_an_empty_list(bff):
    assert bff.get(f"/api/v1/properties/{uuid.uuid4()}/units/").json()["count"] == 0


def test_unit_detail(bff):
    unit = UnitFactory(label="7C")
    assert bff.get(f"/api/v1/units/{unit.id}/").json()["label"] == "7C"
    assert bff.get(f"/api/v1/units/{uuid.uuid4()}/").status_code == 404


# --- who may call -------------------------------------------------------------------------------

BFF_ONLY = [
    LISTINGS,
    f"{LISTINGS}cities/",
    f"{LISTINGS}{uuid.UUID(int=1)}/",
    "/api/v1/properties/",
    f"/api/v1/properties/{uuid.UUID(int=1)}/",
    f"/api/v1/properties/{uuid.UUID(int=1)}/units/",
    f"/api/v1/units/{uuid.UUID(int=1)}/",
]


@pytest.mark.parametrize("url", BFF_ONLY)
def test_no_token_is_401_problem(service_client, url):
    response = service_client(None).get(url)
    assert response.status_code == 401
    assert response["Content-Type"] == CONTENT_TYPE
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("url", BFF_ONLY)
def test_an_unknown_token_is_401(client, url):
    assert client.get(url, headers={"Authorization": "Bearer stolen"}).status_code == 401


@pytest.mark.parametrize("url", BFF_ONLY)
def test_financial_service_may_not_read_listings_or_properties(service_client, url):
    response = service_client("financial-service").get(url)
    assert response.status_code == 403
    assert response["Content-Type"] == CONTENT_TYPE


def test_bff_may(bff):
    assert bff.get(LISTINGS).status_code == 200


# --- query counts -------------------------------------------------------------------------------


def test_listing_search_runs_a_constant_number_of_queries(bff, assert_constant_queries):
    def make(n):
        for listing in ListingFactory.create_batch(n):
            ListingPhotoFactory.create_batch(2, listing=listing)

    assert assert_constant_queries(bff, LISTINGS, make) == 3  # count, page, photos


def test_property_list_runs_a_constant_number_of_queries(bff, assert_constant_queries):
    assert_constant_queries(bff, "/api/v1/properties/", PropertyFactory.create_batch)


def test_unit_list_runs_a_constant_number_of_queries(bff, assert_constant_queries):
    building = PropertyFactory()
    assert_constant_queries(
        bff,
        f"/api/v1/properties/{building.id}/units/",
        lambda n: UnitFactory.create_batch(n, property=building),
    )
