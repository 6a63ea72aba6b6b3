"""The BFF → property-service contract: the market (listings, cities, applications) and the tenant's
active lease. Each test drives one BFF endpoint against a Pact mock server of property-service."""

from __future__ import annotations

from bff_examples import AUTH, LEASE_ID, PROPERTY_ID, TENANT_ID, UNIT_ID, lease_body
from pact import match
from pactkit.matchers import PROBLEM_JSON, day, future_day, integer, moment, money, page, problem, text, uuid

PROVIDER = "property-service"
LISTING_ID = "e0000000-0000-4000-8000-00000000c0de"
MISSING_LISTING_ID = "e0000000-0000-4000-8000-0000000dead0"
LISTINGS = "/api/v1/listings/"


def listing_body(listing_id: str = LISTING_ID, city: str = "Portland") -> dict:
    return {
        "id": uuid(listing_id),
        "title": text("Home at Alder Court, 1B"),
        "description": text("Bright and quiet, two blocks from the streetcar."),
        "monthly_rent": money("1850.00"),
        "currency": match.regex("USD", regex=r"^[A-Z]{3}$"),
        "deposit": money("1850.00"),
        "available_from": day("2026-12-01"),
        "pets_allowed": match.bool(True),
        "status": "published",
        "published_at": moment("2026-11-01T09:00:00Z"),
        "unit": {
            "id": uuid(UNIT_ID),
            "label": text("1B"),
            "bedrooms": integer(2),
            "bathrooms": match.regex("1.0", regex=r"^[0-9]+\.[0-9]$"),
            "area_sqm": integer(70),
            "floor": integer(1),
            "property": {
                "id": uuid(PROPERTY_ID),
                "name": text("Alder Court"),
                "address_line1": text("120 NW Alder St"),
                "city": city,
                "postal_code": text("97209"),
                "country": text("US"),
            },
        },
        "photos": match.each_like(
            {"url": text("/photos/alder-court-1.svg"), "alt_text": text("Living room")}
        ),
    }


def published_listing(**params) -> tuple[str, dict]:
    return "a published listing", {"listing_id": LISTING_ID, "city": "Portland", **params}


def test_search_listings_in_a_city(pact_with, downstreams, visitor):
    pact = pact_with(PROVIDER)
    (
        pact.upon_receiving("a search for published listings in a city")
        .given(*published_listing())
        .with_request("GET", LISTINGS)
        .with_query_parameters({"city": "Portland", "ordering": "newest", "page": "1", "page_size": "20"})
        .with_header("Authorization", AUTH)
        .will_respond_with(200)
        .with_body(page(listing_body()), content_type="application/json")
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        response = visitor.get("/api/market/listings", {"city": "Portland"})

    assert response.status_code == 200, response.content
    (listing,) = response.json()["results"]
    assert listing["unit"]["property"]["city"] == "Portland"
    assert listing["monthly_rent"] == "1850.00"


def test_one_listing(pact_with, downstreams, visitor):
    pact = pact_with(PROVIDER)
    (
        pact.upon_receiving("a request for a published listing")
        .given(*published_listing())
        .with_request("GET", f"{LISTINGS}{LISTING_ID}/")
        .with_header("Authorization", AUTH)
        .will_respond_with(200)
        .with_body(listing_body(), content_type="application/json")
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        response = visitor.get(f"/api/market/listings/{LISTING_ID}")

    assert response.status_code == 200, response.content
    assert response.json()["id"] == LISTING_ID


def test_a_listing_that_is_not_published_is_not_found(pact_with, downstreams, visitor):
    pact = pact_with(PROVIDER)
    (
        pact.upon_receiving("a request for a listing that is not published")
        .given("no published listing has this id", {"listing_id": MISSING_LISTING_ID})
        .with_request("GET", f"{LISTINGS}{MISSING_LISTING_ID}/")
        .with_header("Authorization", AUTH)
        .will_respond_with(404)
        .with_body(problem(404), content_type=PROBLEM_JSON)
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        response = visitor.get(f"/api/market/listings/{MISSING_LISTING_ID}")

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM_JSON


def test_cities_with_published_listings(pact_with, downstreams, visitor):
    pact = pact_with(PROVIDER)
    (
        pact.upon_receiving("a request for the cities with published listings")
        .given(*published_listing())
        .with_request("GET", f"{LISTINGS}cities/")
        .with_header("Authorization", AUTH)
        .will_respond_with(200)
        .with_body({"cities": match.each_like("Portland")}, content_type="application/json")
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        response = visitor.get("/api/market/cities")

    assert response.status_code == 200, response.content
    assert response.json() == {"cities": ["Portland"]}


APPLICATION = {
    "listing_id": LISTING_ID,
    "full_name": "Grace Hopper",
    "email": "grace@example.com",
    "phone": "+1 503 555 0199",
    "move_in_date": "2026-12-15",  # matched by future_day() in the pact
    "occupants": 2,
    "message": "We would love to see it.",
}


def application_request(pact, description: str, state: tuple[str, dict], body: dict):
    body = {**body, "move_in_date": future_day(body["move_in_date"])}
    return (
        pact.upon_receiving(description)
        .given(*state)
        .with_request("POST", "/api/v1/applications/")
        .with_header("Authorization", AUTH)
        .with_body(body, content_type="application/json")
    )


def test_an_application_is_submitted(pact_with, downstreams, visitor):
    pact = pact_with(PROVIDER)
    (
        application_request(pact, "an application for a published listing", published_listing(), APPLICATION)
        .will_respond_with(201)
        .with_body(
            {
                "id": uuid("0a000000-0000-4000-8000-00000000c0de"),
                "number": match.regex("APP-000123", regex=r"^APP-[0-9]{6,}$"),
                "listing_id": uuid(LISTING_ID),
                "status": "submitted",
            },
            content_type="application/json",
        )
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        response = visitor.post("/api/market/applications", {**APPLICATION, "website": ""}, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["number"] == "APP-000123"


def test_an_application_for_a_listing_that_is_not_published_is_refused_per_field(
    pact_with, downstreams, visitor
):
    pact = pact_with(PROVIDER)
    body = {**APPLICATION, "listing_id": MISSING_LISTING_ID}
    (
        application_request(
            pact,
            "an application for a listing that is not published",
            ("no published listing has this id", {"listing_id": MISSING_LISTING_ID}),
            body,
        )
        .will_respond_with(400)
        .with_body(
            problem(400, errors={"listing_id": "This listing is not open for applications."}),
            content_type=PROBLEM_JSON,
        )
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        response = visitor.post("/api/market/applications", {**body, "website": ""}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"]["listing_id"] == ["This listing is not open for applications."]


def test_a_second_open_application_is_a_conflict(pact_with, downstreams, visitor):
    pact = pact_with(PROVIDER)
    state = published_listing(open_application_email=APPLICATION["email"])
    (
        application_request(
            pact, "a second application by the same email for the same listing", state, APPLICATION
        )
        .will_respond_with(409)
        .with_body(problem(409), content_type=PROBLEM_JSON)
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        response = visitor.post("/api/market/applications", {**APPLICATION, "website": ""}, format="json")

    assert response.status_code == 409


def test_the_tenants_active_lease(pact_with, downstreams, tenant):
    """Opening a maintenance request starts here: the home comes from the tenant's active lease."""
    from tenant_api import selectors

    pact = pact_with(PROVIDER)
    (
        pact.upon_receiving("a request for a tenant's active lease")
        .given("a tenant with an active lease", {"tenant_id": TENANT_ID, "lease_id": LEASE_ID})
        .with_request("GET", "/api/v1/leases/")
        .with_query_parameters({"tenant_id": TENANT_ID, "status": "active"})
        .with_header("Authorization", AUTH)
        .will_respond_with(200)
        .with_body(page(lease_body()), content_type="application/json")
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        lease = selectors.active_lease(tenant_id=TENANT_ID)

    assert lease["id"] == LEASE_ID
    assert lease["unit"]["id"] == UNIT_ID


def test_without_a_service_token_the_bff_is_refused_and_answers_503(pact_with, downstreams, visitor):
    pact = pact_with(PROVIDER)
    (
        pact.upon_receiving("a request without a service token")
        .with_request("GET", f"{LISTINGS}cities/")
        .will_respond_with(401)
        .with_body(problem(401), content_type=PROBLEM_JSON)
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url, token=None)
        response = visitor.get("/api/market/cities")

    # Its own credentials refused: for the portal that is the service being unavailable.
    assert response.status_code == 503
