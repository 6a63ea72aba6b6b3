"""Each listing ordering has an index PostgreSQL can read in that order (no sort of every match).

With few rows the planner would rather scan and sort; sequential scans and sorts are priced out here
so the plan shows whether a matching index exists at all.
"""

import pytest
from django.db import connection

from properties.models import Property
from properties.selectors import listing_search
from properties.tests.factories import ListingFactory

pytestmark = pytest.mark.django_db


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("ordering", "index"),
    [
        ("newest", "listing_pub_newest"),
        ("rent", "listing_pub_rent"),
        ("-rent", "listing_pub_rent"),
        ("available_from", "listing_pub_available"),
    ],
)
def test_a_page_of_listings_is_read_from_an_index_in_order(ordering, index):
    ListingFactory.create_batch(3)
    text = plan(listing_search(ordering=ordering)[:20])
    assert index in text, text
    assert "Sort" not in text, text


def test_the_city_index_matches_the_case_insensitive_filter():
    ListingFactory()
    text = plan(Property.objects.filter(city__iexact="portland"))
    assert "property_city_ci" in text, text
