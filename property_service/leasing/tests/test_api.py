import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from properties.models import Listing
from properties.tests.factories import ListingFactory

from leasing.models import Lease, RentalApplication
from leasing.tests.factories import LeaseFactory, RentalApplicationFactory, TenantFactory
from servicekit.problem import CONTENT_TYPE

pytestmark = pytest.mark.django_db

APPLICATIONS = "/api/v1/applications/"
LEASES = "/api/v1/leases/"


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == CONTENT_TYPE
    return response.json()


# --- tenants ------------------------------------------------------------------------------------


def test_tenant_detail(bff):
    tenant = TenantFactory(first_name="Alice", last_name="Moreau", email="alice@example.com")
    assert bff.get(f"/api/v1/tenants/{tenant.id}/").json() == {
        "id": str(tenant.id),
        "first_name": "Alice",
        "last_name": "Moreau",
        "email": "alice@example.com",
        "phone": tenant.phone,
    }
    problem(bff.get(f"/api/v1/tenants/{uuid.uuid4()}/"), 404)


def test_financial_service_may_not_read_tenants(service_client):
    tenant = TenantFactory()
    problem(service_client("financial-service").get(f"/api/v1/tenants/{tenant.id}/"), 403)


# --- leases -------------------------------------------------------------------------------------


def test_lease_shape_with_money_as_strings(bff):
    lease = LeaseFactory(unit__property__name="Alder Court", unit__label="1B")
    (item,) = bff.get(LEASES).json()["results"]
    assert item["id"] == str(lease.id)
    assert item["tenant_id"] == str(lease.tenant_id)
    assert item["monthly_rent"] == "1800.00"
    assert item["deposit"] == "1800.00"
    assert item["status"] == "active"
    assert item["unit"]["label"] == "1B"
    assert item["property"]["name"] == "Alder Court"
    assert set(item) == {
        "id", "tenant_id", "status", "start_date", "end_date", "monthly_rent", "currency", "deposit",
        "rent_due_day", "unit", "property",
    }  # fmt: skip


def test_leases_filter_by_tenant_status_and_date(bff):
    today = timezone.localdate()
    tenant = TenantFactory()
    current = LeaseFactory(tenant=tenant)
    old = LeaseFactory(
        tenant=tenant,
        status=Lease.Status.ENDED,
        start_date=today - timedelta(days=800),
        end_date=today - timedelta(days=435),
    )
    LeaseFactory()  # someone else's

    def lease_ids(query):
        response = bff.get(LEASES, query)
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["results"]]

    assert lease_ids({"tenant_id": tenant.id}) == [str(current.id), str(old.id)], "newest first"
    assert lease_ids({"tenant_id": tenant.id, "status": "active"}) == [str(current.id)]
    assert lease_ids({"tenant_id": tenant.id, "status": "ended"}) == [str(old.id)]
    assert lease_ids({"tenant_id": tenant.id, "active_on": today.isoformat()}) == [str(current.id)]
    assert lease_ids({"active_on": (today - timedelta(days=600)).isoformat()}) == [str(old.id)]
    assert lease_ids({"tenant_id": uuid.uuid4()}) == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"tenant_id": "alice"}, "tenant_id"),
        ({"status": "signed"}, "status"),
        ({"active_on": "yesterday"}, "active_on"),
    ],
)
def test_bad_lease_filters_are_400_per_field(bff, query, field):
    body = problem(bff.get(LEASES, query), 400)
    assert list(body["errors"]) == [field]


def test_lease_detail(bff):
    lease = LeaseFactory()
    assert bff.get(f"{LEASES}{lease.id}/").json()["id"] == str(lease.id)
    problem(bff.get(f"{LEASES}{uuid.uuid4()}/"), 404)


def test_financial_service_may_read_leases(service_client):
    lease = LeaseFactory()
    financial = service_client("financial-service")
    assert financial.get(LEASES, {"status": "active"}).json()["count"] == 1
    assert financial.get(f"{LEASES}{lease.id}/").status_code == 200


@pytest.mark.parametrize("url", [LEASES, f"{LEASES}{uuid.UUID(int=1)}/"])
def test_leases_need_a_token(service_client, url):
    problem(service_client(None).get(url), 401)


def test_lease_list_runs_a_constant_number_of_queries(bff, assert_constant_queries):
    assert assert_constant_queries(bff, LEASES, LeaseFactory.create_batch) == 2  # count, page


# --- applications -------------------------------------------------------------------------------


def application_body(listing: Listing, **overrides) -> dict:
    body = {
        "listing_id": str(listing.id),
        "full_name": "Grace Hopper",
        "email": "grace@example.com",
        "phone": "+1 503 555 0199",
        "move_in_date": listing.available_from.isoformat(),
        "occupants": 2,
        "message": "We love the light.",
    }
    return {**body, **overrides}


def test_applying_creates_a_numbered_application(bff):
    listing = ListingFactory()
    response = bff.post(APPLICATIONS, application_body(listing), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    application = RentalApplication.objects.get()
    assert body == {
        "id": str(application.id),
        "number": application.number,
        "listing_id": str(listing.id),
        "status": "submitted",
        "full_name": "Grace Hopper",
        "email": "grace@example.com",
        "phone": "+1 503 555 0199",
        "move_in_date": listing.available_from.isoformat(),
        "occupants": 2,
        "message": "We love the light.",
        "created_at": body["created_at"],
    }
    assert body["number"].startswith("APP-")


def test_optional_fields_default(bff):
    listing = ListingFactory()
    body = application_body(listing)
    del body["occupants"], body["message"]
    response = bff.post(APPLICATIONS, body, format="json")
    assert response.status_code == 201
    assert (response.json()["occupants"], response.json()["message"]) == (1, "")


def test_an_empty_body_names_every_required_field(bff):
    body = problem(bff.post(APPLICATIONS, {}, format="json"), 400)
    assert set(body["errors"]) == {"listing_id", "full_name", "email", "phone", "move_in_date"}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"listing_id": "42"}, "listing_id"),
        ({"full_name": "G"}, "full_name"),
        ({"full_name": "   "}, "full_name"),
        ({"full_name": "x" * 161}, "full_name"),
        ({"email": "grace-at-example"}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"phone": "123"}, "phone"),
        ({"move_in_date": "soon"}, "move_in_date"),
        ({"occupants": 0}, "occupants"),
        ({"occupants": 13}, "occupants"),
        ({"occupants": "many"}, "occupants"),
        ({"message": "x" * 2001}, "message"),
        ({"message": "nul \x00 byte"}, "message"),
    ],
)
def test_bad_application_fields_are_400_per_field(bff, overrides, field):
    body = problem(
        bff.post(APPLICATIONS, application_body(ListingFactory(), **overrides), format="json"), 400
    )
    assert list(body["errors"]) == [field]
    assert RentalApplication.objects.count() == 0


def test_a_move_in_date_in_the_past_is_refused(bff):
    listing = ListingFactory(available_from=timezone.localdate() - timedelta(days=30))
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    body = problem(
        bff.post(APPLICATIONS, application_body(listing, move_in_date=yesterday), format="json"), 400
    )
    assert body["errors"] == {"move_in_date": ["The move-in date cannot be in the past."]}


def test_moving_in_before_the_home_is_available_is_400_on_that_field(bff):
    listing = ListingFactory(available_from=timezone.localdate() + timedelta(days=30))
    early = (timezone.localdate() + timedelta(days=1)).isoformat()
    body = problem(bff.post(APPLICATIONS, application_body(listing, move_in_date=early), format="json"), 400)
    assert list(body["errors"]) == ["move_in_date"]


@pytest.mark.parametrize("status", [Listing.Status.DRAFT, Listing.Status.UNPUBLISHED])
def test_applying_to_a_listing_that_is_not_open_is_400_on_listing_id(bff, status):
    body = problem(
        bff.post(APPLICATIONS, application_body(ListingFactory(status=status)), format="json"), 400
    )
    assert list(body["errors"]) == ["listing_id"]


def test_applying_to_an_unknown_listing_is_400_on_listing_id(bff):
    listing = ListingFactory.build()
    body = problem(bff.post(APPLICATIONS, application_body(listing), format="json"), 400)
    assert list(body["errors"]) == ["listing_id"]


def test_a_second_open_application_is_409(bff):
    listing = ListingFactory()
    assert bff.post(APPLICATIONS, application_body(listing), format="json").status_code == 201
    again = application_body(listing, email="GRACE@example.com", full_name="Grace H.")
    body = problem(bff.post(APPLICATIONS, again, format="json"), 409)
    assert body["detail"] == "You already have an open application for this listing."
    assert RentalApplication.objects.count() == 1


def test_a_body_that_is_not_json_is_400(bff):
    response = bff.post(APPLICATIONS, data="{oops", content_type="application/json")
    problem(response, 400)


def test_a_form_encoded_body_is_415(bff):
    response = bff.post(APPLICATIONS, data="full_name=x", content_type="application/x-www-form-urlencoded")
    problem(response, 415)


def test_text_that_cannot_be_stored_is_400_not_500(bff):
    # JSON may carry a lone UTF-16 surrogate ("\\ud800"); PostgreSQL cannot store it.
    listing = ListingFactory()
    body = json.dumps(application_body(listing)).replace("Grace Hopper", "Grace \\ud800 Hopper")
    problem(bff.post(APPLICATIONS, data=body, content_type="application/json"), 400)


def test_application_detail(bff):
    application = RentalApplicationFactory()
    body = bff.get(f"{APPLICATIONS}{application.id}/").json()
    assert (body["id"], body["number"]) == (str(application.id), application.number)
    problem(bff.get(f"{APPLICATIONS}{uuid.uuid4()}/"), 404)


def test_financial_service_may_not_apply(service_client):
    problem(service_client("financial-service").post(APPLICATIONS, {}, format="json"), 403)


def test_applying_needs_a_token(service_client):
    problem(service_client(None).post(APPLICATIONS, {}, format="json"), 401)
