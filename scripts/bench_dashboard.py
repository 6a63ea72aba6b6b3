#!/usr/bin/env python
"""The tenant dashboard's cost: the BFF's fan-out against the real services, beside its slowest call.

    .venv/bin/python scripts/bench_dashboard.py [--seconds 10] [--concurrency 8] [--running]

1. PostgreSQL: DATABASE_URL's server, or a throwaway one (servicekit.testing.pgserver) on
   BENCH_PG_PORT (default 54333) in var/bench-pg-<port>, stopped afterwards.
2. Fresh databases bench_<project> for property-, financial-, maintenance-service and the BFF,
   migrated and seeded with the demo data (the same tenants, leases, invoices and work orders).
3. Each under gunicorn with its own gunicorn.conf.py and production settings (JSON access log,
   telemetry instrumentation on, nothing exported), 2 workers x 4 threads, on BENCH_PORT_BASE
   (default 8136): property 8136, financial 8137, maintenance 8138, bff 8139.
   With --running it uses the `make dev` stack instead (ports 8000-8003, var/dev/dev.env's token).
4. Signs in as the demo tenant Alice, then loads (servicekit.testing.load: keep-alive clients in
   2 processes, 2 s warm-up, then --seconds each)
   - GET /api/tenant/dashboard on the BFF, and
   - each call the dashboard makes, straight to its service with the BFF's token.
Prints requests/s and p50/p99 for each, and dashboard p50 / slowest call's p50 (target <= 1.5: the
dashboard costs about its slowest call, not the sum of four). Exits 1 below target or on errors.
Client and servers share this machine's cores: compare figures taken on one machine.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "libs" / "servicekit" / "src"))

import psycopg  # noqa: E402

from servicekit import demo  # noqa: E402
from servicekit.testing import pgserver  # noqa: E402
from servicekit.testing.load import LoadResult, run_load  # noqa: E402
from servicekit.testing.processes import GunicornProcess, prepare_database  # noqa: E402

TARGET = 1.5
BFF_TOKEN = "bench-dashboard-bff-token"  # noqa: S105 — throwaway servers on loopback
FINANCIAL_TOKEN = "bench-dashboard-financial-token"  # noqa: S105
TENANT = demo.TENANTS[0]  # Alice


def fresh_database(server: str, name: str) -> str:
    parts = urlsplit(server)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def start_stack(server: str, base_port: int) -> tuple[dict[str, str], list[GunicornProcess]]:
    """Migrate, seed and start the three services and the BFF; returns their URLs."""
    ports = {
        "property": base_port,
        "financial": base_port + 1,
        "maintenance": base_port + 2,
        "bff": base_port + 3,
    }
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    common = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "4",
    }
    envs = {
        "property": {"SERVICE_TOKENS": f"bff={BFF_TOKEN},financial-service={FINANCIAL_TOKEN}"},
        "financial": {
            "SERVICE_TOKENS": f"bff={BFF_TOKEN}",
            "PROPERTY_SERVICE_URL": urls["property"],
            "PROPERTY_SERVICE_TOKEN": FINANCIAL_TOKEN,
        },
        "maintenance": {
            "SERVICE_TOKENS": f"bff={BFF_TOKEN}",
            "MEDIA_ROOT": str(ROOT / "var" / "bench-dashboard-media"),
        },
        "bff": {
            **{
                f"{name.upper()}_SERVICE_URL": urls[name] for name in ("property", "financial", "maintenance")
            },
            **{
                f"{name.upper()}_SERVICE_TOKEN": BFF_TOKEN
                for name in ("property", "financial", "maintenance")
            },
            "GUNICORN_THREADS": "8",  # a dashboard holds its thread while its four calls run
        },
    }
    folders = {
        "property": "property_service",
        "financial": "financial_service",
        "maintenance": "maintenance_service",
        "bff": "bff",
    }
    missing = [folder for folder in folders.values() if not (ROOT / folder / "manage.py").exists()]
    if missing:
        sys.exit(f"bench_dashboard: needs every project; missing {', '.join(missing)}")
    processes = []
    for name, folder in folders.items():
        print(f"· {name}: migrate, seed, start on :{ports[name]}", flush=True)
        database = prepare_database(ROOT / folder, fresh_database(server, f"bench_{folder}"))
        env = {**common, **envs[name], "DATABASE_URL": database}
        processes.append(GunicornProcess(ROOT / folder, port=ports[name], env=env).start())
    for process in processes:
        process.wait_ready()
    return urls, processes


def sign_in(bff: str) -> str:
    """Alice's session cookie, as a Cookie header (production marks it Secure; this is plain HTTP)."""
    session = requests.Session()
    token = session.get(f"{bff}/api/auth/csrf", timeout=10).json()["csrf_token"]
    response = session.post(
        f"{bff}/api/auth/login",
        json={"email": TENANT.email, "password": demo.DEMO_PASSWORD},
        headers={"X-CSRFToken": token, "Cookie": f"csrftoken={session.cookies['csrftoken']}"},
        timeout=10,
    )
    response.raise_for_status()
    return f"sessionid={response.cookies['sessionid']}"


def measure(url: str, path: str, headers: dict[str, str], *, seconds: float, concurrency: int) -> LoadResult:
    port = urlsplit(url).port
    check = requests.get(url + path, headers=headers, timeout=10)
    if check.status_code != 200:
        sys.exit(f"bench_dashboard: {url}{path} answered {check.status_code}: {check.text[:300]}")
    run_load(port, [path], headers=headers, concurrency=concurrency, seconds=2)  # warm-up
    return run_load(port, [path], headers=headers, concurrency=concurrency, seconds=seconds)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--running", action="store_true", help="use the `make dev` stack on ports 8000-8003")
    args = parser.parse_args()

    processes: list[GunicornProcess] = []
    pg_dir = None
    try:
        if args.running:
            urls = {
                name: f"http://127.0.0.1:{8000 + n}"
                for n, name in enumerate(["bff", "property", "financial", "maintenance"])
            }
            env_file = ROOT / "var" / "dev" / "dev.env"
            token = next(
                line.split("=", 1)[1].strip()
                for line in env_file.read_text().splitlines()
                if line.startswith("DEV_BFF_TOKEN=")
            )
        else:
            server = os.environ.get("DATABASE_URL", "").strip()
            if not server:
                port = int(os.environ.get("BENCH_PG_PORT", "54333"))
                pg_dir = ROOT / "var" / f"bench-pg-{port}"
                server = pgserver.start(pg_dir, port)
            urls, processes = start_stack(server, int(os.environ.get("BENCH_PORT_BASE", "8136")))
            token = BFF_TOKEN

        cookie = {"Cookie": sign_in(urls["bff"])}
        bearer = {"Authorization": f"Bearer {token}"}
        tenant = str(TENANT.id)
        page = {"tenant_id": tenant, "page": 1, "page_size": 100}
        # Exactly the calls tenant_api.selectors.dashboard makes, with the same parameters.
        targets = [
            ("dashboard (bff)", urls["bff"], "/api/tenant/dashboard", cookie),
            (
                "property: active lease",
                urls["property"],
                f"/api/v1/leases/?{urlencode({'tenant_id': tenant, 'status': 'active'})}",
                bearer,
            ),
            ("financial: balance", urls["financial"], f"/api/v1/tenants/{tenant}/balance", bearer),
            (
                "financial: open invoices",
                urls["financial"],
                f"/api/v1/invoices/?{urlencode({**page, 'status': 'open'})}",
                bearer,
            ),
            (
                "maintenance: open work orders",
                urls["maintenance"],
                f"/api/v1/work-orders/?{urlencode({**page, 'status': 'open'})}",
                bearer,
            ),
        ]
        degraded = requests.get(urls["bff"] + "/api/tenant/dashboard", headers=cookie, timeout=10).json()[
            "degraded"
        ]
        if degraded:
            sys.exit(f"bench_dashboard: the dashboard is degraded before the run: {degraded}")

        print(f"\n{args.concurrency} concurrent clients, {args.seconds:.0f} s each\n")
        print(f"  {'':32} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
        results = {}
        for name, url, path, headers in targets:
            result = measure(url, path, headers, seconds=args.seconds, concurrency=args.concurrency)
            results[name] = result
            print(
                f"  {name:32} {result.rps:8.1f} {result.percentile_ms(50):8.1f} "
                f"{result.percentile_ms(99):8.1f} {result.errors:7d}",
                flush=True,
            )

        dashboard = results.pop("dashboard (bff)")
        slowest_name, slowest = max(results.items(), key=lambda item: item[1].percentile_ms(50))
        ratio = dashboard.percentile_ms(50) / slowest.percentile_ms(50)
        in_turn = sum(r.percentile_ms(50) for r in results.values())
        errors = dashboard.errors + sum(r.errors for r in results.values())
        print(f"\n  the four calls one after another (sum of p50s): {in_turn:.1f} ms")
        print(
            f"  dashboard p50 / slowest call's p50 ({slowest_name}) = {ratio:.2f}"
            f"  (target <= {TARGET}: {'met' if ratio <= TARGET else 'MISSED'})"
        )
        print(
            f"  {os.cpu_count()} CPU core(s) for the load generator, the BFF and three services: the calls"
            " a dashboard makes at once compete for them, so CPU-bound calls cannot overlap fully here."
        )
        if errors:
            print(f"  {errors} request(s) failed")
        return 0 if ratio <= TARGET and not errors else 1
    finally:
        for process in processes:
            process.stop()
        if pg_dir is not None:
            pgserver.stop(pg_dir)


if __name__ == "__main__":
    sys.exit(main())
