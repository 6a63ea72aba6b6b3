"""What the journeys do on pages again and again: sign in, read money and tables, run admin actions."""

from __future__ import annotations

import re
from decimal import Decimal

from playwright.sync_api import Locator, Page, expect

from servicekit import demo


def sign_in(page: Page, email: str, password: str = demo.DEMO_PASSWORD) -> None:
    """Fill the tenant portal's sign-in form (the page must show it) and wait to leave it."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/signin"))


MONEY = re.compile(r"^-?\$[\d,]+\.\d{2}$")


def money(text: str) -> Decimal:
    """ "$1,850.00" → Decimal("1850.00")"""
    match = re.search(r"-?\$([\d,]+\.\d{2})", text)
    assert match, f"no amount in {text!r}"
    return Decimal(match.group(1).replace(",", "")) * (-1 if text.strip().startswith("-") else 1)


def column(table: Locator, header: str) -> list[str]:
    """The texts of one column of a table's body rows, found by its header."""
    headers = [h.strip() for h in table.get_by_role("columnheader").all_inner_texts()]
    index = headers.index(header)
    rows = table.locator("tbody tr")
    return [rows.nth(i).locator("th, td").nth(index).inner_text().strip() for i in range(rows.count())]


def admin_run_action(page: Page, row_text: str, action: str) -> None:
    """In a Django admin change list: tick the row that shows ``row_text``, run ``action``."""
    row = page.locator("#result_list tbody tr", has_text=row_text)
    expect(row).to_have_count(1)
    row.get_by_role("checkbox", name=re.compile("Select this object")).check()
    page.get_by_role("combobox", name=re.compile(r"^Action")).select_option(label=action)
    page.get_by_role("button", name="Go").click()
