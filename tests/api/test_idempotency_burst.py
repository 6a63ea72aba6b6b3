"""50 concurrent pays with one Idempotency-Key, through the BFF to financial-service, on PostgreSQL:
one payment, and every answer is the payment (201) or "still in flight, retry" (409) — never a 503."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

BURST = 50


def test_one_key_sent_fifty_times_at_once_pays_once_and_answers_only_201_or_409(alice):
    client = alice.client()
    invoices = client.get(f"{alice.base_url}/api/tenant/invoices?status=open", timeout=10).json()["results"]
    assert invoices, "the demo tenant has no open invoice to pay"
    invoice = invoices[0]
    detail_url = f"{alice.base_url}/api/tenant/invoices/{invoice['id']}"
    before = {payment["id"] for payment in client.get(detail_url, timeout=10).json()["payments"]}
    key = str(uuid.uuid4())
    body = {"amount": "1.00", "method": "card"}
    start = threading.Barrier(BURST)

    def pay(_: int):
        session = alice.client()  # one connection per request, as 50 browser tabs would
        start.wait(timeout=30)
        return session.post(
            f"{alice.base_url}/api/tenant/invoices/{invoice['id']}/pay",
            json=body,
            headers={"Idempotency-Key": key},
            timeout=60,
        )

    with ThreadPoolExecutor(BURST) as pool:
        answers = list(pool.map(pay, range(BURST)))

    statuses = [answer.status_code for answer in answers]
    assert set(statuses) <= {201, 409}, sorted(statuses)
    created = [answer for answer in answers if answer.status_code == 201]
    assert created, "no request got the payment"
    assert len({answer.json()["id"] for answer in created}) == 1
    for conflict in (answer for answer in answers if answer.status_code == 409):
        assert conflict.headers["Content-Type"] == "application/problem+json"
        assert conflict.json()["type"].endswith(":idempotency-key-in-flight"), conflict.text
        assert conflict.headers["Retry-After"] == "1"

    # The retry a client makes after a 409 gets the same payment, marked as a replay.
    retry = client.post(
        f"{alice.base_url}/api/tenant/invoices/{invoice['id']}/pay",
        json=body,
        headers={"Idempotency-Key": key},
        timeout=30,
    )
    assert (retry.status_code, retry.headers.get("Idempotent-Replayed")) == (201, "true")
    assert retry.json()["id"] == created[0].json()["id"]
    after = {payment["id"] for payment in client.get(detail_url, timeout=10).json()["payments"]}
    assert after - before == {created[0].json()["id"]}  # one payment, not one per request
