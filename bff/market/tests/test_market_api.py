import json
import uuid
from datetime import date, timedelta

import pytest
from conftest import Portal
from rest_framework.throttling import ScopedRateThrottle

from servicekit import demo

LISTINGS = "/api/market/listings"
APPLICATIONS = "/api/market/applications"
LISTING = str(demo.listing_id(demo.UNITS[0].id))


def application(**overrides):
    return {
        "listing_id": LISTING,
        "full_name": "Robin Renter",
        "email": "robin@example.com",
        "phone": "+1 503 555 0199",
        "move_in_date": (date.today() + timedelta(days=30)).isoformat(),
        "occupants": 2,
        "message": "Quiet, with a cat.",
        "website": "",
        **overrides,
    }


def posts(platform):
    return [r for r in platform.property.requests if r.method == "POST"]


# ── listings ──────────────────────────────────────────────────────────────────────────────────────
@pytest.mark.django_db
def test_listing_search_is_public_and_passes_the_filters(platform):
    response = Portal().get(
        LISTINGS,
        {
            "city": "portland",
            "min_rent": "1000",
            "max_rent": "2500.5",
            "bedrooms": 1,
            "available_from": "2027-01-01",
            "ordering": "-rent",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] >= 1
    assert {x["unit"]["property"]["city"] for x in body["results"]} == {"Portland"}
    listing = body["results"][0]
    assert set(listing) == {
        "id", "title", "description", "monthly_rent", "currency", "deposit", "available_from", "pets_allowed",
        "status", "published_at", "unit", "photos",
    }  # fmt: skip
    assert listing["photos"][0] == {"url": "/photos/x-1.svg", "alt_text": "Photo 1"}
    [search] = platform.property.calls_for(response)
    assert search.query == {
        "city": ["portland"],
        "min_rent": ["1000.00"],
        "max_rent": ["2500.50"],
        "bedrooms": ["1"],
        "available_from": ["2027-01-01"],
        "ordering": ["-rent"],
        "page": ["1"],
        "page_size": ["20"],
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"min_rent": "cheap"}, "min_rent"),
        ({"max_rent": "-1"}, "max_rent"),
        ({"min_rent": "2000", "max_rent": "1000"}, "max_rent"),
        ({"bedrooms": "many"}, "bedrooms"),
        ({"available_from": "next week"}, "available_from"),
        ({"ordering": "random"}, "ordering"),
        ({"page_size": "1000"}, "page_size"),
    ],
)
def test_listing_search_rejects_bad_filters_per_field(platform, params, field):
    response = Portal().get(LISTINGS, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert list(response.json()["errors"]) == [field]
    assert platform.calls_for(response) == []


@pytest.mark.django_db
def test_listing_search_pages_with_links_to_the_bff():
    body = Portal().get(LISTINGS, {"page_size": 2}).json()
    assert body["next"] == "http://testserver/api/market/listings?page=2&page_size=2"


@pytest.mark.django_db
def test_cities_and_listing_detail():
    client = Portal()
    assert client.get("/api/market/cities").json() == {"cities": ["Austin", "Denver", "Portland"]}
    listing = client.get(f"{LISTINGS}/{LISTING}").json()
    assert listing["id"] == LISTING
    assert listing["monthly_rent"] == "1450.00"
    assert listing["unit"]["property"]["name"] == "Alder Court"


@pytest.mark.django_db
def test_unknown_listing_is_404():
    assert Portal().get(f"{LISTINGS}/{uuid.uuid4()}").status_code == 404


@pytest.mark.django_db
def test_market_with_property_down_is_503(platform):
    platform.property.stop()
    response = Portal().get(LISTINGS)
    assert response.status_code == 503
    assert response.json()["title"] == "Service unavailable"


# ── applications ──────────────────────────────────────────────────────────────────────────────────
def test_application_is_sent_to_property_service_and_answered_with_a_reference(portal, platform):
    response = portal.post(APPLICATIONS, application())
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "number", "status", "listing_id"}
    assert body["number"] == "APP-000001"
    assert body["status"] == "submitted"
    [post] = posts(platform)
    sent = json.loads(post.body)
    assert "website" not in sent
    assert sent["occupants"] == 2 and sent["full_name"] == "Robin Renter"


def test_application_needs_the_csrf_token(platform, db):
    response = Portal().post(APPLICATIONS, application())
    assert response.status_code == 403
    assert posts(platform) == []


def test_application_is_validated_per_field(portal, platform):
    response = portal.post(APPLICATIONS, {"listing_id": "x", "email": "nope", "occupants": 0})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {
        "listing_id",
        "full_name",
        "email",
        "phone",
        "move_in_date",
        "occupants",
    }
    assert posts(platform) == []


def test_property_services_field_errors_come_through(portal):
    response = portal.post(APPLICATIONS, application(listing_id=str(uuid.uuid4())))
    assert response.status_code == 400
    assert response.json()["errors"] == {"listing_id": ["No published listing has this id."]}


def test_a_second_open_application_is_409(portal):
    portal.post(APPLICATIONS, application())
    response = portal.post(APPLICATIONS, application())
    assert response.status_code == 409


def test_a_filled_honeypot_is_accepted_silently_and_dropped(portal, platform):
    response = portal.post(APPLICATIONS, application(website="http://spam.example"))
    assert response.status_code == 201
    assert response.json()["number"].startswith("APP-")
    assert posts(platform) == []


def test_applications_are_throttled_per_client(platform, monkeypatch, db):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"applications": "3/hour"})
    client = Portal(REMOTE_ADDR="203.0.113.5").fetch_csrf()
    for n in range(3):
        assert client.post(APPLICATIONS, application(email=f"r{n}@example.com")).status_code == 201
    response = client.post(APPLICATIONS, application(email="r9@example.com"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert len(posts(platform)) == 3
    # Another client is not affected.
    other = Portal(REMOTE_ADDR="198.51.100.5").fetch_csrf()
    assert other.post(APPLICATIONS, application(email="other@example.com")).status_code == 201


def test_throttle_trusts_only_the_configured_proxy_hops(platform, monkeypatch, db, settings):
    from rest_framework.settings import api_settings

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"applications": "1/hour"})
    monkeypatch.setattr(api_settings, "NUM_PROXIES", 1)  # one proxy (Traefik) in front
    client = Portal(REMOTE_ADDR="10.0.0.2").fetch_csrf()
    ok = client.post(APPLICATIONS, application(), HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert ok.status_code == 201
    # A different client behind the same proxy has its own allowance...
    other = client.post(APPLICATIONS, application(email="b@example.com"), HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other.status_code == 201
    # ...and a forged extra hop does not hide who the proxy saw.
    forged = client.post(
        APPLICATIONS, application(email="c@example.com"), HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7"
    )
    assert forged.status_code == 429
