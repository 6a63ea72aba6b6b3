"""Tenant journey: sign in; the balance agrees with the invoices; pay an invoice once, even on a double
click and a retry; open a maintenance request; staff triage and schedule it with a comment; the tenant
sees both."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from playwright.sync_api import Page, Request, expect
from ui import admin_run_action, column, money


def dashboard_balance(page: Page) -> tuple[Decimal, int]:
    """The Balance card: (outstanding, number of open invoices)."""
    card = page.get_by_role("region", name="Balance")
    outstanding = card.get_by_text(re.compile(r"^\$[\d,]+\.\d{2}$"))
    expect(outstanding).to_be_visible()
    count = re.search(r"across (\d+) open", card.inner_text())
    assert count, card.inner_text()
    return money(outstanding.inner_text()), int(count.group(1))


def test_tenant_pays_once_and_follows_a_repair(tenant_page, staff_page, platform):
    run = uuid.uuid4().hex[:6]
    page = tenant_page("alice@example.com")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Alice")

    # ── The dashboard's balance is what the invoices page says is still due ──────────────────────────
    outstanding, open_invoices = dashboard_balance(page)
    assert outstanding > 0, "the demo data gives Alice something to pay"
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Invoices").click()
    invoices = page.get_by_role("table", name="Invoices")
    expect(invoices).to_be_visible()
    expect(page.get_by_role("navigation", name="Invoice pages")).to_have_count(0)  # one page: all of them
    still_due = [money(text) for text in column(invoices, "Still due")]
    statuses = column(invoices, "Status")
    assert sum(still_due) == outstanding
    assert sum(status in ("Open", "Overdue") for status in statuses) == open_invoices

    # ── Pay an unpaid invoice with a double click: one payment ───────────────────────────────────────
    unpaid = invoices.locator("tbody tr").filter(has_text=re.compile(r"Open|Overdue")).first
    unpaid.get_by_role("link", name=re.compile(r"^INV-")).click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(re.compile(r"INV-\d{4}-\d{6}"))
    invoice_number = re.search(r"INV-\d{4}-\d{6}", heading.inner_text()).group(0)
    invoice_id = re.search(r"/invoices/([0-9a-f-]{36})", page.url).group(1)
    payments = page.get_by_role("table", name=re.compile(r"^Payments on invoice")).locator("tbody tr")
    payments_before = payments.count()  # none on Alice's unpaid invoices; counted to say "one more"

    pay_requests: list[Request] = []
    page.on(
        "request", lambda r: pay_requests.append(r) if r.method == "POST" and r.url.endswith("/pay") else None
    )
    pay = page.get_by_role("button", name=re.compile(r"^Pay \$"))
    amount = money(pay.inner_text())
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/pay")) as answer:
        pay.dblclick()
    assert answer.value.status == 201, answer.value.text()
    payment = answer.value.json()
    expect(page.get_by_role("status").filter(has_text="Payment received")).to_be_visible()
    keys = {r.headers.get("idempotency-key") for r in pay_requests}
    assert len(keys) == 1 and None not in keys, f"every request of one payment carries its one key: {keys}"

    # A retry of that payment (what "Try again" sends when an answer is lost) replays it: no second one.
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    replay = page.request.post(
        f"{platform.tenant}/api/tenant/invoices/{invoice_id}/pay",
        headers={"Idempotency-Key": keys.pop(), "X-CSRFToken": csrf},
        data=pay_requests[0].post_data_json,
    )
    assert replay.status == 201, replay.text()
    assert replay.headers.get("idempotent-replayed") == "true"
    assert replay.json()["id"] == payment["id"]

    expect(payments).to_have_count(payments_before + 1)

    # Staff see exactly one payment on that invoice in the financial admin.
    finance = staff_page(platform.financial_admin)
    finance.goto(f"{platform.financial_admin}/billing/payment/?q={invoice_number}")
    rows = finance.locator("#result_list tbody tr")
    expect(rows).to_have_count(payments_before + 1)
    expect(rows.filter(has_text=f"{amount:.2f}")).to_have_count(1)

    # The balance drops by what was paid.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    assert dashboard_balance(page) == (outstanding - amount, open_invoices - 1)

    # ── Open a maintenance request and see it listed ─────────────────────────────────────────────────
    page.get_by_role("region", name="Open maintenance requests").get_by_role(
        "link", name="Report a problem"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a problem")
    title = f"Bathroom sink drains slowly ({run})"
    page.get_by_label("What needs fixing").select_option(label="Plumbing")
    page.get_by_role("group", name="How urgent is it").get_by_label("High").check()
    page.get_by_label("Short summary").fill(title)
    page.get_by_label("Details").fill(
        "Since Monday the bathroom sink takes minutes to drain. Home after 5 pm."
    )
    page.get_by_role("button", name="Send request").click()
    sent = page.get_by_role("status").filter(has_text="Request sent")
    expect(sent).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    work_order_number = re.search(r"WO-\d{6}", sent.inner_text()).group(0)
    work_order_url = page.url.split("?")[0]
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Maintenance").click()
    listed = page.get_by_role("listitem").filter(has=page.get_by_role("link", name=title))
    expect(listed).to_contain_text(work_order_number)
    expect(listed).to_contain_text("Submitted")

    # ── Staff triage it, then schedule it with a comment, in the maintenance admin ───────────────────
    staff = staff_page(platform.maintenance_admin)
    changelist = f"{platform.maintenance_admin}/workorders/workorder/?q={work_order_number}"
    staff.goto(changelist)
    admin_run_action(staff, work_order_number, "Triage selected work orders")
    expect(staff.get_by_text("1 work order(s) now triaged.")).to_be_visible()
    staff.locator("#result_list").get_by_role("link", name=work_order_number).click()
    visit = (datetime.now(UTC) + timedelta(days=3)).date()
    comment = f"A plumber comes on {visit:%B} {visit.day} between 9:30 and 11:00 ({run})."
    staff.get_by_label("Assignee").fill("Pat, Rapid Plumbing")
    staff.locator("#id_scheduled_for_0").fill(visit.isoformat())
    staff.locator("#id_scheduled_for_1").fill("09:30:00")
    staff.locator("textarea[name$='-0-body']").fill(comment)  # the inline's empty row: a staff comment
    staff.get_by_role("button", name="Save", exact=True).click()
    expect(staff.get_by_text("was changed successfully")).to_be_visible()
    staff.goto(changelist)
    admin_run_action(staff, work_order_number, "Schedule selected work orders (set 'scheduled for' first)")
    expect(staff.get_by_text("1 work order(s) now scheduled.")).to_be_visible()

    # ── The tenant sees the new status and the staff comment ─────────────────────────────────────────
    page.goto(work_order_url)
    expect(page.get_by_text(re.compile(rf"^{work_order_number} · Scheduled$"))).to_be_visible()
    details = page.get_by_role("region", name="Details")
    expect(details).to_contain_text("Pat, Rapid Plumbing")
    progress = page.get_by_role("region", name="Progress")
    expect(progress).to_contain_text("Submitted → Triaged")
    expect(progress).to_contain_text("Triaged → Scheduled")
    staff_comment = progress.get_by_role("listitem").filter(has_text=comment)
    expect(staff_comment).to_contain_text("property team")
