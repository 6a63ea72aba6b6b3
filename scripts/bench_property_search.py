#!/usr/bin/env python
"""What listing search costs over the framework floor: property-service under gunicorn on PostgreSQL.

    .venv/bin/python scripts/bench_property_search.py [--seconds 10] [--concurrency 8] [--listings 10000]

1. PostgreSQL: DATABASE_URL's server, or a throwaway one (servicekit.testing.pgserver) on
   BENCH_PG_PORT (default 8104), stopped afterwards.
2. A fresh database ``property_bench``: migrated, then 10,000 published listings (bulk_create) on as
   many units in 250 properties across 8 cities, 2 photos each.
3. gunicorn with the project's gunicorn.conf.py and production settings (JSON access log, telemetry
   instrumentation on, nothing exported) on BENCH_PORT (default 8105): 2 workers x 4 threads.
4. Load (servicekit.testing.load): keep-alive clients in 2 processes, first 2 s of warm-up, then
   ``--seconds`` each on
   - search: GET /api/v1/listings/ with 500 different filter combinations (city, rent range,
     bedrooms, available from, ordering; 20 a page: a count and a page query, photos prefetched);
   - floor:  GET /healthz, a trivial JSON view in the same process.
Prints requests/s and p50/p95/p99 for both and search/floor (target >= 0.5). Exits 1 below target
or on any error. Client and server share this machine's cores: compare figures from one machine.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "property_service"
sys.path[:0] = [str(ROOT / "libs" / "servicekit" / "src"), str(PROJECT)]

import psycopg  # noqa: E402

from servicekit.testing import pgserver  # noqa: E402
from servicekit.testing.load import LoadResult, run_load  # noqa: E402
from servicekit.testing.processes import GunicornProcess  # noqa: E402

TOKEN = "bench-search-token"  # noqa: S105 — a throwaway server on loopback
TARGET = 0.5
DATABASE = "property_bench"
CITIES = ["Portland", "Austin", "Denver", "Seattle", "Chicago", "Boston", "Atlanta", "Phoenix"]
ORDERINGS = ["newest", "rent", "-rent", "available_from", "bedrooms", "-bedrooms"]


def seed(database_url: str, listings: int) -> None:
    """Migrate and bulk-create the listings in this process (Django set up on the bench database)."""
    os.environ.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings.local",
        LOG_LEVEL="WARNING",
        OTEL_SDK_DISABLED="true",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone
    from properties.models import Listing, ListingPhoto, Property, Unit

    call_command("migrate", verbosity=0)
    rng = random.Random(2026)
    today, now = timezone.localdate(), timezone.now()
    buildings = Property.objects.bulk_create(
        Property(
            name=f"Bench House {n}",
            address_line1=f"{100 + n} Bench St",
            city=CITIES[n % len(CITIES)],
            postal_code=f"{10000 + n}",
        )
        for n in range(250)
    )
    units = Unit.objects.bulk_create(
        Unit(
            property=buildings[n % len(buildings)],
            label=f"U{n}",
            bedrooms=rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 4]),
            bathrooms=Decimal("1.0"),
            area_sqm=rng.randint(30, 140),
            floor=rng.randint(0, 12),
        )
        for n in range(listings)
    )
    rows = Listing.objects.bulk_create(
        (
            Listing(
                unit=unit,
                title=f"Home {n}",
                description="A home for the benchmark.",
                monthly_rent=Decimal(rng.randrange(80_000, 450_000)) / 100,
                deposit=Decimal("1000.00"),
                available_from=today + timedelta(days=rng.randint(0, 120)),
                pets_allowed=rng.random() < 0.4,
                status=Listing.Status.PUBLISHED,
                published_at=now - timedelta(minutes=rng.randint(0, 100_000)),
            )
            for n, unit in enumerate(units)
        ),
        batch_size=2000,
    )
    ListingPhoto.objects.bulk_create(
        (
            ListingPhoto(listing=listing, url=f"/photos/bench-{k}.svg", alt_text=f"Photo {k}", position=k)
            for listing in rows
            for k in range(2)
        ),
        batch_size=5000,
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()


def search_paths(count: int) -> list[str]:
    rng = random.Random(7)
    from datetime import date

    paths = []
    for _ in range(count):
        query: dict[str, str] = {}
        if rng.random() < 0.85:
            query["city"] = rng.choice(CITIES)
        if rng.random() < 0.6:
            low = rng.randrange(800, 2500, 50)
            query["min_rent"] = str(low)
            if rng.random() < 0.7:
                query["max_rent"] = str(low + rng.randrange(200, 2000, 50))
        if rng.random() < 0.5:
            query["bedrooms"] = str(rng.randint(0, 3))
        if rng.random() < 0.4:
            query["available_from"] = (date.today() + timedelta(days=rng.randint(7, 120))).isoformat()
        query["ordering"] = rng.choice(ORDERINGS)
        paths.append(f"/api/v1/listings/?{urlencode(query)}")
    return paths


def report(name: str, result: LoadResult) -> str:
    return (
        f"{name:<8}{result.rps:>10.1f}{result.percentile_ms(50):>10.1f}{result.percentile_ms(95):>10.1f}"
        f"{result.percentile_ms(99):>10.1f}{result.errors:>8}"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per side (default 10)")
    parser.add_argument("--concurrency", type=int, default=8, help="client connections (default 8)")
    parser.add_argument("--listings", type=int, default=10_000, help="listings to seed (default 10000)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    args = parser.parse_args(argv)

    started_pg = None
    server = os.environ.get("DATABASE_URL", "").strip()
    if server:
        server = urlunsplit(urlsplit(server)._replace(path=""))
    else:
        port = int(os.environ.get("BENCH_PG_PORT", "8104"))
        started_pg = ROOT / "var" / f"bench-pg-{port}"
        server = pgserver.start(started_pg, port)
    gunicorn = None
    try:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
        database_url = f"{server}/{DATABASE}"
        print(f"seeding {args.listings} listings into {database_url} ...", flush=True)
        seed(database_url, args.listings)

        gunicorn = GunicornProcess(
            PROJECT,
            port=int(os.environ.get("BENCH_PORT", "8105")),
            workers=args.workers,
            env={
                "DJANGO_SETTINGS_MODULE": "config.settings.production",
                "DATABASE_URL": database_url,
                "SERVICE_TOKENS": f"bff={TOKEN}",
                "OTEL_SDK_DISABLED": "",
            },
        ).start()
        gunicorn.wait_ready()
        headers = {"Authorization": f"Bearer {TOKEN}"}
        paths = search_paths(500)
        sides = {"search": paths, "floor": ["/healthz"]}
        for side_paths in sides.values():  # warm up: connections, query plans, code paths
            run_load(gunicorn.port, side_paths, headers=headers, concurrency=args.concurrency, seconds=2)
        results = {
            name: run_load(
                gunicorn.port, side_paths, headers=headers, concurrency=args.concurrency, seconds=args.seconds
            )
            for name, side_paths in sides.items()
        }
    finally:
        if gunicorn is not None:
            gunicorn.stop()
        if started_pg is not None:
            pgserver.stop(started_pg)

    load_average = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\nproperty-service, gunicorn {args.workers} workers x 4 threads, {args.concurrency} keep-alive "
        f"clients, {args.seconds:.0f} s each, {args.listings} published listings, {os.cpu_count()} CPUs "
        f"(load average {load_average}: other work on this machine skews both figures)"
    )
    print(f"{'':<8}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'errors':>8}")
    for name, result in results.items():
        print(report(name, result))
    ratio = results["search"].rps / results["floor"].rps
    errors = sum(r.errors for r in results.values())
    print(f"search/floor = {ratio:.2f} (target >= {TARGET}); {errors} errors")
    ok = ratio >= TARGET and errors == 0
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
