"""Renter journey: search with filters, open a listing, apply, get a reference; staff approve it."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect
from ui import admin_run_action, money

from servicekit import demo


def vacant_homes(city: str, min_rent: Decimal, max_rent: Decimal, bedrooms: int) -> list[demo.DemoUnit]:
    """What the search must find in the demo data, cheapest first."""
    return sorted(
        (
            u
            for u in demo.UNITS
            if u.id not in demo.LEASED_UNIT_IDS
            and demo.property_of(u.id).city == city
            and min_rent <= u.rent <= max_rent
            and u.bedrooms >= bedrooms
        ),
        key=lambda u: u.rent,
    )


def test_renter_finds_a_home_applies_and_staff_approve(new_page, staff_page, platform):
    expected = vacant_homes("Portland", Decimal(1500), Decimal(2000), bedrooms=1)
    assert len(expected) >= 2, "the demo data should give this search a choice"

    # Search from the home page, then sort the results.
    page = new_page()
    page.goto(platform.market)
    search = page.get_by_role("search", name="Search homes")
    search.get_by_label("City").select_option("Portland")
    search.get_by_label("Min rent").fill("1500")
    search.get_by_label("Max rent").fill("2000")
    search.get_by_label("Bedrooms").select_option(label="1+")
    search.get_by_role("button", name="Search homes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Homes for rent in Portland")
    page.get_by_role("search").get_by_label("Sort by").select_option(label="Rent: low to high")
    page.get_by_role("search").get_by_role("button", name="Search homes").click()
    expect(page).to_have_url(re.compile(r"sort=rent"))
    query = parse_qs(urlsplit(page.url).query)
    assert query == {
        "city": ["Portland"],
        "min_rent": ["1500"],
        "max_rent": ["2000"],
        "bedrooms": ["1"],
        "sort": ["rent"],
    }

    results = page.get_by_role("region", name="Results")
    cards = results.get_by_role("article")
    expect(cards).to_have_count(len(expected))
    prices = [
        money(text)
        for text in cards.get_by_text(re.compile(r"^\$[\d,]+\.\d{2}\s*/ month$")).all_inner_texts()
    ]
    assert prices == [u.rent for u in expected], "every match, cheapest first, nothing outside the range"
    for i, unit in enumerate(expected):
        card = cards.nth(i)
        expect(card).to_contain_text(f"{demo.property_of(unit.id).name} · Portland")
        expect(card.get_by_role("list", name="Unit facts")).to_contain_text(
            f"{unit.bedrooms} bedroom" if unit.bedrooms else "Studio"
        )

    # The cheapest match: photos, unit facts, rent and address.
    home, place = expected[0], demo.property_of(expected[0].id)
    title = cards.first.get_by_role("heading").inner_text()
    cards.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page).to_have_url(re.compile(str(demo.listing_id(home.id))))
    expect(page.get_by_text(f"{place.name}, {place.address}, Portland {place.postal_code}")).to_be_visible()
    facts = page.get_by_role("region", name="The home")
    expect(facts).to_contain_text(f"Unit{home.label}")
    expect(facts).to_contain_text(f"{home.area_sqm} m²")
    expect(page.get_by_text(re.compile(rf"^{re.escape(f'${home.rent:,}')}\s*/ month$"))).to_be_visible()
    photos = page.get_by_role("region", name="Photos").get_by_role("img")
    expect(photos).to_have_count(3)
    for i in range(3):
        photos.nth(i).scroll_into_view_if_needed()
        expect(photos.nth(i)).to_have_js_property("complete", True)
        assert photos.nth(i).evaluate("img => img.naturalWidth") > 0, "the photo is served and decodes"

    # Apply: the suggested move-in date is the day the home is free.
    page.get_by_role("link", name="Apply for this home").click()
    expect(page.get_by_role("heading", name="Apply for this home")).to_be_visible()
    email = f"renter-{uuid.uuid4().hex[:10]}@example.com"
    page.get_by_label("Full name").fill("Rosa Renter")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Phone").fill("+1 503 555 0188")
    page.get_by_label("People moving in").fill("2")
    page.get_by_label("Message").fill("We have a quiet cat. Could we see the unit on a weekday evening?")
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", name="Application received")).to_be_visible()
    reference = page.get_by_text(re.compile(r"^APP-\d{6,}$"))
    expect(reference).to_be_visible()
    number = reference.inner_text().strip()

    # Staff find it in the property admin by the applicant's email, and approve it.
    admin = staff_page(platform.property_admin)
    admin.goto(f"{platform.property_admin}/leasing/rentalapplication/?q={email}")
    row = admin.locator("#result_list tbody tr", has_text=number)
    expect(row).to_contain_text("Submitted")
    expect(row).to_contain_text("Rosa Renter")
    admin_run_action(admin, number, "Approve selected applications")
    expect(admin.get_by_text("Approved 1 application(s).")).to_be_visible()
    expect(admin.locator("#result_list tbody tr", has_text=number)).to_contain_text("Approved")
    # Approval makes the applicant a tenant of the company (staff draw up the lease next).
    admin.goto(f"{platform.property_admin}/leasing/tenant/?q={email}")
    expect(admin.locator("#result_list tbody tr", has_text=email)).to_have_count(1)
