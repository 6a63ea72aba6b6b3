"""Staff work in the Django admin: every page opens, and the state changes go through services.py."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from properties.models import Listing
from properties.tests.factories import ListingFactory, ListingPhotoFactory, UnitFactory

pytestmark = pytest.mark.django_db


def run_action(admin_client, action: str, objects) -> list[tuple[str, str]]:
    response = admin_client.post(
        reverse("admin:properties_listing_changelist"),
        {"action": action, "_selected_action": [str(o.pk) for o in objects]},
        follow=True,
    )
    assert response.status_code == 200
    return [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]


def test_publish_action(admin_client):
    drafts = ListingFactory.create_batch(2, draft=True)
    messages = run_action(admin_client, "publish", drafts)
    assert messages == [("success", "Published 2 listing(s).")]
    assert Listing.objects.filter(status=Listing.Status.PUBLISHED).count() == 2


def test_publishing_a_second_listing_of_a_unit_is_refused_with_a_message(admin_client):
    unit = UnitFactory(label="2B", property__name="Alder Court")
    ListingFactory(unit=unit)
    draft = ListingFactory(unit=unit, draft=True)
    other = ListingFactory(draft=True)
    messages = run_action(admin_client, "publish", [draft, other])
    assert ("error", "Unit Alder Court 2B already has a published listing.") in messages
    assert ("success", "Published 1 listing(s).") in messages
    draft.refresh_from_db()
    assert draft.status == Listing.Status.DRAFT


def test_unpublish_action(admin_client):
    listings = ListingFactory.create_batch(3)
    messages = run_action(admin_client, "unpublish", listings)
    assert messages == [("success", "Unpublished 3 listing(s).")]
    assert not Listing.objects.filter(status=Listing.Status.PUBLISHED).exists()


@pytest.mark.parametrize("model", ["property", "unit", "listing"])
def test_changelist_search_filters_and_change_page_open(admin_client, model):
    listing = ListingFactory()
    ListingPhotoFactory(listing=listing)
    obj = {"property": listing.unit.property, "unit": listing.unit, "listing": listing}[model]
    changelist = reverse(f"admin:properties_{model}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "Portland"}).status_code == 200
    assert admin_client.get(reverse(f"admin:properties_{model}_change", args=[obj.pk])).status_code == 200
    assert admin_client.get(reverse(f"admin:properties_{model}_add")).status_code == 200


def test_listing_filters(admin_client):
    ListingFactory()
    url = reverse("admin:properties_listing_changelist")
    for query, count in (
        ({"status__exact": "published"}, 1),
        ({"status__exact": "draft"}, 0),
        ({"unit__property__city": "Portland"}, 1),
        ({"pets_allowed__exact": "1"}, 0),
    ):
        response = admin_client.get(url, query)
        assert response.status_code == 200, query  # an unknown filter would redirect with ?e=1
        assert response.context["cl"].result_count == count, query


def test_staff_cannot_change_a_listing_status_by_hand(admin_client):
    listing = ListingFactory(draft=True)
    page = admin_client.get(reverse("admin:properties_listing_change", args=[listing.pk])).content.decode()
    assert 'name="status"' not in page, "status changes go through the publish/unpublish actions"
