#!/usr/bin/env python
"""Run every Python project's tests on PostgreSQL and print one summary.

Uses DATABASE_URL's server when set (each project gets its own database on it); otherwise starts a
throwaway PostgreSQL server from the installed binaries in var/test-pg and stops it afterwards.

    scripts/run_tests.py [project ...] [-- pytest args]
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = ["libs/servicekit", "property_service", "financial_service", "maintenance_service", "bff"]
PG_PORT = int(os.environ.get("TEST_PG_PORT", "54329"))
PG_DIR = ROOT / "var" / f"test-pg-{PG_PORT}"  # one per port, so parallel runs do not share a server

sys.path.insert(0, str(ROOT / "libs" / "servicekit" / "src"))
from servicekit.testing import pgserver  # noqa: E402


def database_url(server: str, project: str) -> str:
    name = Path(project).name
    parts = urlsplit(server)
    return urlunsplit(parts._replace(path=f"/{name}"))


def summary_line(output: str) -> str:
    for line in reversed(output.splitlines()):
        if re.search(r"\d+ (passed|failed|error)", line) or "no tests ran" in line:
            return line.strip("= ").strip()
    return "no summary (see output above)"


def main(argv: list[str]) -> int:
    pytest_args: list[str] = []
    if "--" in argv:
        index = argv.index("--")
        argv, pytest_args = argv[:index], argv[index + 1 :]
    selected = argv or [p for p in PROJECTS if (ROOT / p / "pyproject.toml").exists()]

    started_here = False
    server = os.environ.get("DATABASE_URL", "").strip()
    if not server:
        server = pgserver.start(PG_DIR, PG_PORT)
        started_here = True
        print(f"PostgreSQL: throwaway server at {server} (data in {PG_DIR.relative_to(ROOT)})", flush=True)
    else:
        print(
            f"PostgreSQL: using DATABASE_URL's server {urlsplit(server).hostname}:{urlsplit(server).port}",
            flush=True,
        )

    results: list[tuple[str, int, str, float]] = []
    try:
        for project in selected:
            env = {**os.environ, "DATABASE_URL": database_url(server, project)}
            print(f"\n──── {project} ────", flush=True)
            started = time.monotonic()
            proc = subprocess.Popen(
                [sys.executable, "-m", "pytest", "-q", "--create-db", "-p", "no:cacheprovider", *pytest_args],
                cwd=ROOT / project,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            captured = []
            assert proc.stdout is not None
            for line in proc.stdout:
                sys.stdout.write(line)
                captured.append(line)
            code = proc.wait()
            results.append((project, code, summary_line("".join(captured)), time.monotonic() - started))
    finally:
        if started_here:
            pgserver.stop(PG_DIR)

    print("\nSummary (PostgreSQL):")
    for project, code, line, seconds in results:
        print(f"  {'ok  ' if code == 0 else 'FAIL'} {project:<22} {line}  [{seconds:.0f}s]")
    # Exit 5 (no tests collected) counts as a failure: a project without tests is a defect.
    return 0 if all(code == 0 for _, code, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
