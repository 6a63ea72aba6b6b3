#!/usr/bin/env python
"""The contract suite (``make test-contracts``): consumers write pacts, then providers verify them live.

    tests/contract/run.sh                 # every consumer, then every provider
    tests/contract/run.sh consumers       # only write the pacts
    tests/contract/run.sh providers       # only verify the pacts already in tests/contract/pacts/
    tests/contract/run.sh bff             # only the steps whose name mentions "bff"

Python steps run a project's pytest on PostgreSQL: DATABASE_URL's server when set, otherwise a
throwaway one started here (port CONTRACT_PG_PORT, 54335 by default). Providers run as gunicorn on
ports from CONTRACT_PORT_BASE (8170 by default) up.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT / "tests" / "contract"
PACT_DIR = CONTRACT / "pacts"
PG_PORT = int(os.environ.get("CONTRACT_PG_PORT", "54335"))
PG_DIR = ROOT / "var" / f"contract-pg-{PG_PORT}"
LOCK = ROOT / "var" / f"contract-{PG_PORT}.lock"
PYTHON = sys.executable

sys.path.insert(0, str(ROOT / "libs" / "servicekit" / "src"))
from servicekit.testing import pgserver  # noqa: E402

# consumer → provider: the six pacts this suite must produce, by participant (workload) names.
PAIRS = [
    ("tenant-portal", "bff"),
    ("market-portal", "bff"),
    ("bff", "property-service"),
    ("bff", "financial-service"),
    ("bff", "maintenance-service"),
    ("financial-service", "property-service"),
]


@dataclass
class Step:
    phase: str  # "consumers" or "providers"
    name: str
    command: list[str]
    cwd: Path
    database: str | None = None  # the project's database on the server, for Python steps
    consumer: str | None = None  # a consumer step writes <consumer>-<provider>.json files

    def run(self, server: str) -> tuple[int, float]:
        env = {**os.environ, "PACT_DO_NOT_TRACK": "true"}
        if self.database:
            env["DATABASE_URL"] = urlunsplit(urlsplit(server)._replace(path=f"/{self.database}"))
        print(f"\n──── {self.phase[:-1]}: {self.name} ────", flush=True)
        if self.consumer:
            # Pacts are build outputs: start from nothing, so a removed interaction leaves no trace.
            for stale in PACT_DIR.glob(f"{self.consumer}-*.json"):
                stale.unlink()
        started = time.monotonic()
        if not Path(self.command[0]).exists():
            print(f"{self.command[0]} is missing: run `make install` first.", flush=True)
            return 1, 0.0
        code = subprocess.run(self.command, cwd=self.cwd, env=env, check=False).returncode
        return code, time.monotonic() - started


PYTEST = [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--create-db"]


def contract_pytest(project: str, *paths: str) -> list[str]:
    """The project's pytest settings and Django project, this folder's tests and conftests."""
    settings = ["-c", str(ROOT / project / "pyproject.toml"), "--rootdir", str(ROOT / project)]
    tests = [str(CONTRACT / path) for path in paths]
    return [*PYTEST, *settings, "--confcutdir", str(CONTRACT), *tests]


RENT_RUN_PACT_TEST = (
    "billing/tests/test_rent_run.py::test_the_rent_run_bills_every_active_lease_once_following_pages"
)


def vitest() -> list[str]:
    return [str(ROOT / "portals" / "node_modules" / ".bin" / "vitest"), "run", "test/contract"]


STEPS = [
    Step(
        "consumers",
        "financial-service → property-service (the rent run)",
        # The financial-service engineer's consumer test, part of that project's own suite.
        [*PYTEST, RENT_RUN_PACT_TEST],
        ROOT / "financial_service",
        "contract_financial",
        "financial-service",
    ),
    Step(
        "consumers",
        "bff → property-service, financial-service, maintenance-service",
        contract_pytest("bff", "consumers/bff"),
        ROOT / "bff",
        "contract_bff",
        "bff",
    ),
    Step(
        "consumers",
        "tenant-portal → bff",
        vitest(),
        ROOT / "portals" / "tenant-portal",
        consumer="tenant-portal",
    ),
    Step(
        "consumers",
        "market-portal → bff",
        vitest(),
        ROOT / "portals" / "market-portal",
        consumer="market-portal",
    ),
    Step(
        "providers",
        "property-service (pacts of bff, financial-service)",
        contract_pytest("property_service", "providers/test_property_service.py"),
        ROOT / "property_service",
        "contract_property",
    ),
    Step(
        "providers",
        "financial-service (pact of bff)",
        contract_pytest("financial_service", "providers/test_financial_service.py"),
        ROOT / "financial_service",
        "contract_financial",
    ),
    Step(
        "providers",
        "maintenance-service (pact of bff)",
        contract_pytest("maintenance_service", "providers/test_maintenance_service.py"),
        ROOT / "maintenance_service",
        "contract_maintenance",
    ),
    Step(
        "providers",
        "bff (pacts of tenant-portal, market-portal)",
        contract_pytest("bff", "providers/test_bff.py"),
        ROOT / "bff",
        "contract_bff",
    ),
]


def missing_pacts() -> list[str]:
    return [
        f"{consumer} → {provider}"
        for consumer, provider in PAIRS
        if not (PACT_DIR / f"{consumer}-{provider}.json").exists()
    ]


def main(argv: list[str]) -> int:
    selected = [
        step for step in STEPS if not argv or any(word == step.phase or word in step.name for word in argv)
    ]
    if not selected:
        print(f"No step matches {argv}; steps: {[s.name for s in STEPS]}", file=sys.stderr)
        return 2
    PACT_DIR.mkdir(parents=True, exist_ok=True)
    LOCK.parent.mkdir(parents=True, exist_ok=True)
    with LOCK.open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            # One run at a time per port: two would share databases, gunicorn ports and pact files.
            print(f"Waiting for another contract run (lock {LOCK.relative_to(ROOT)}) ...", flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        return run(selected)


def run(selected: list[Step]) -> int:
    server = os.environ.get("DATABASE_URL", "").strip()
    started_here = not server
    if started_here:
        server = pgserver.start(PG_DIR, PG_PORT)
        print(f"PostgreSQL: throwaway server at {server} (data in {PG_DIR.relative_to(ROOT)})", flush=True)

    results: list[tuple[Step, int, float]] = []
    begin = time.monotonic()
    try:
        for step in selected:
            first_provider = step.phase == "providers" and all(s.phase == "consumers" for s, _, _ in results)
            if first_provider and (missing := missing_pacts()):
                print(f"\nMissing pacts (their consumer step failed or did not run): {', '.join(missing)}")
            code, seconds = step.run(server)
            results.append((step, code, seconds))
    finally:
        if started_here:
            pgserver.stop(PG_DIR)

    print(f"\nContract suite ({time.monotonic() - begin:.0f}s):")
    for step, code, seconds in results:
        print(f"  {'ok  ' if code == 0 else 'FAIL'} {step.phase[:-1]:<8} {step.name}  [{seconds:.0f}s]")
    print(f"Pacts in {PACT_DIR.relative_to(ROOT)}:")
    for pact in sorted(PACT_DIR.glob("*.json")):
        interactions = len(json.loads(pact.read_text())["interactions"])
        print(f"  {pact.name} ({interactions} interactions)")
    return 0 if all(code == 0 for _, code, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
