#!/usr/bin/env python
"""Benchmark (not a test): payment POSTs to financial-service under gunicorn on PostgreSQL.

Two runs of --requests POSTs from --concurrency clients each:

- unique keys: every request pays 0.01 on one of --invoices invoices under its own Idempotency-Key,
  so every answer should be a new payment;
- hot key: every request sends one key and one body (a double click times a thousand), so there must
  be exactly one payment and every other answer a replay of it.

Prints requests/s and p50/p99 latency per run, then checks the database: one payment per key, no
duplicate, amounts paid consistent. Exits non-zero when a check fails.

    .venv/bin/python scripts/bench_payments.py [--requests 2000] [--concurrency 16] [--port 8110] [--pg-port 54331]

Starts its own PostgreSQL (in var/bench-pg-<port>) and gunicorn (production settings, the project's
gunicorn.conf.py), and stops both at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "financial_service"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
DATABASE = "financial_bench"

sys.path.insert(0, str(ROOT / "libs" / "servicekit" / "src"))
from servicekit.testing import pgserver  # noqa: E402

SETUP = """
import json, uuid
from datetime import date, timedelta
from decimal import Decimal
from billing import services
from billing.periods import Period
today = date.today()
made = []
for n in range({count}):
    invoice = services.invoice_create(
        lease_id=uuid.uuid4(), tenant_id=uuid.uuid4(), period=Period.of(today), issue_date=today,
        due_date=today + timedelta(days=10), currency="USD",
        lines=[services.LineSpec("Bench rent", Decimal("1000000.00"))],
    )
    made.append([str(invoice.id), str(invoice.tenant_id)])
print(json.dumps(made))
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_load(base: str, token: str, requests_total: int, concurrency: int, make_request) -> dict:
    """Send ``requests_total`` POSTs from ``concurrency`` threads; latencies in ms and answers."""
    local = threading.local()
    latencies: list[float] = []
    answers: list[tuple[int, str, bool]] = []
    lock = threading.Lock()

    def one(index: int) -> None:
        session = getattr(local, "session", None)
        if session is None:
            session = local.session = requests.Session()
            session.headers["Authorization"] = f"Bearer {token}"
        invoice_id, body, key = make_request(index)
        started = time.perf_counter()
        response = session.post(
            f"{base}/api/v1/invoices/{invoice_id}/payments",
            json=body,
            headers={"Idempotency-Key": key},
            timeout=30,
        )
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            latencies.append(elapsed)
            answers.append(
                (response.status_code, response.text, response.headers.get("Idempotent-Replayed") == "true")
            )

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(requests_total)))
    wall = time.perf_counter() - started
    return {
        "rps": requests_total / wall,
        "p50": percentile(latencies, 0.50),
        "p99": percentile(latencies, 0.99),
        "mean": statistics.fmean(latencies),
        "answers": answers,
        "statuses": Counter(status for status, _, _ in answers),
    }


def wait_ready(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}; see its log")
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} not ready after {timeout:.0f}s")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=2000, help="POSTs per run")
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent clients")
    parser.add_argument("--invoices", type=int, default=50, help="invoices the unique-key run spreads over")
    parser.add_argument("--port", type=int, default=8110, help="gunicorn's port")
    parser.add_argument("--pg-port", type=int, default=54331, help="the throwaway PostgreSQL's port")
    parser.add_argument("--workers", type=int, default=2, help="GUNICORN_WORKERS")
    parser.add_argument("--threads", type=int, default=4, help="GUNICORN_THREADS")
    args = parser.parse_args()

    pg_dir = ROOT / "var" / f"bench-pg-{args.pg_port}"
    server = pgserver.start(pg_dir, args.pg_port)
    try:
        return bench(args, server)
    finally:
        pgserver.stop(pg_dir)


def bench(args: argparse.Namespace, server: str) -> int:
    admin_url = f"{server}/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    database_url = f"{server}/{DATABASE}"
    token = secrets.token_urlsafe(24)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "SERVICE_TOKENS": f"bff={token}",
        "PORT": str(args.port),
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_THREADS": str(args.threads),
        "LOG_LEVEL": "WARNING",
        "OTEL_EXPORTER_OTLP_ENDPOINT": "",
    }
    log_path = ROOT / "var" / "bench-payments-gunicorn.log"
    gunicorn = None
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=PROJECT, env=env, check=True)
        made = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", SETUP.format(count=max(args.invoices, 1))],
            cwd=PROJECT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        invoices = json.loads(made.stdout.strip().splitlines()[-1])
        with log_path.open("w") as log:
            gunicorn = subprocess.Popen(
                [GUNICORN, "-c", "gunicorn.conf.py", "config.wsgi"],
                cwd=PROJECT,
                env=env,
                stdout=log,
                stderr=log,
            )
        base = f"http://127.0.0.1:{args.port}"
        wait_ready(f"{base}/readyz", gunicorn)
        run_id = uuid.uuid4().hex[:8]

        def unique_key(index: int):
            invoice_id, tenant_id = invoices[index % len(invoices)]
            body = {"tenant_id": tenant_id, "amount": "0.01", "method": "card"}
            return invoice_id, body, f"bench-{run_id}-{index}"

        hot_invoice, hot_tenant = invoices[0]
        hot_key = f"bench-{run_id}-hot"

        def same_key(index: int):
            return hot_invoice, {"tenant_id": hot_tenant, "amount": "0.01", "method": "card"}, hot_key

        def warm_up_key(index: int):
            invoice_id, body, _ = unique_key(index)
            return invoice_id, body, f"warm-{run_id}-{index}"

        run_load(base, token, min(50, args.requests), args.concurrency, warm_up_key)  # connections, caches
        unique = run_load(base, token, args.requests, args.concurrency, unique_key)
        hot = run_load(base, token, args.requests, args.concurrency, same_key)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)

    failures: list[str] = []
    with psycopg.connect(database_url) as conn:
        key_counts = conn.execute(
            "SELECT count(*), count(DISTINCT r.key) FROM billing_payment p "
            "JOIN billing_idempotencyrecord r ON r.payment_id = p.id WHERE r.key LIKE %s AND r.key <> %s",
            (f"bench-{run_id}-%", f"bench-{run_id}-hot"),
        ).fetchone()
        hot_payments = conn.execute(
            "SELECT count(*) FROM billing_payment p JOIN billing_idempotencyrecord r ON r.payment_id = p.id "
            "WHERE r.key = %s",
            (hot_key,),
        ).fetchone()[0]
        orphans = conn.execute(
            "SELECT count(*) FROM billing_payment p LEFT JOIN billing_idempotencyrecord r ON r.payment_id = p.id "
            "WHERE r.id IS NULL"
        ).fetchone()[0]
        paid_total = conn.execute("SELECT coalesce(sum(amount), 0) FROM billing_payment").fetchone()[0]
        payments = conn.execute("SELECT count(*) FROM billing_payment").fetchone()[0]

    unique_created = sum(1 for status, _, replayed in unique["answers"] if status == 201 and not replayed)
    warmup = min(50, args.requests)
    if unique["statuses"] != Counter({201: args.requests}):
        failures.append(f"unique keys: expected {args.requests} x 201, got {dict(unique['statuses'])}")
    if key_counts[0] != key_counts[1] or key_counts[0] != unique_created:
        failures.append(
            f"unique keys: {key_counts[0]} payments for {key_counts[1]} keys, {unique_created} created answers"
        )
    if hot_payments != 1:
        failures.append(f"hot key: {hot_payments} payments for one key (expected exactly 1)")
    if hot["statuses"] != Counter({201: args.requests}) or len({text for _, text, _ in hot["answers"]}) != 1:
        failures.append(f"hot key: answers differ or are not all 201: {dict(hot['statuses'])}")
    replays = sum(replayed for _, _, replayed in hot["answers"])
    if replays != args.requests - 1:
        failures.append(f"hot key: {replays} replays, expected {args.requests - 1}")
    if orphans:
        failures.append(f"{orphans} payments without an idempotency record")
    if payments != args.requests + 1 + warmup:
        failures.append(f"{payments} payments in all, expected {args.requests + 1 + warmup}")
    if str(paid_total) != f"{payments / 100:.2f}":
        failures.append(f"amount paid {paid_total} does not equal {payments} x 0.01")

    print(
        f"financial-service payments: {args.requests} POSTs per run, {args.concurrency} clients, "
        f"gunicorn {args.workers} workers x {args.threads} threads, PostgreSQL, {len(invoices)} invoices"
    )
    print(f"  {'run':<12} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}  answers")
    for name, result in (("unique keys", unique), ("hot key", hot)):
        answers = ", ".join(f"{count} x {status}" for status, count in sorted(result["statuses"].items()))
        print(f"  {name:<12} {result['rps']:>8.0f} {result['p50']:>8.1f} {result['p99']:>8.1f}  {answers}")
    print(
        f"  hot key: 1 payment, {replays} replays of it; unique keys: {unique_created} payments for as many keys"
    )
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("checks: no duplicate payment in either run; one idempotency record per payment; amounts add up")
    return 0


if __name__ == "__main__":
    sys.exit(main())
