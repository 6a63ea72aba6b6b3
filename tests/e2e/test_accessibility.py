"""Accessibility: portals/scripts/axe-and-screens.mjs walks every page state of both portals at a phone
and a desktop width and fails on any axe violation (WCAG 2.2 A/AA + best practices), browser error,
or a first Tab stop that is not the skip link.

It signs in as Chloe, whom no other journey pays or changes: it pays her first overdue invoice (the
double-click check: exactly one payment) and makes and cancels one maintenance request. It sends one
market application (the BFF allows 10 per hour per IP; the other journeys send 3).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "portals" / "scripts" / "axe-and-screens.mjs"


def test_every_page_state_passes_axe(platform):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: the portals need it (make install)")
    if not (REPO / "portals" / "node_modules" / "axe-core").is_dir():
        pytest.fail("portals/node_modules is missing: run `cd portals && npm ci` (make install)")
    env = {
        **os.environ,
        "TENANT_URL": platform.tenant,
        "MARKET_URL": platform.market,
        "AXE_TENANT_EMAIL": "chloe@example.com",
        "NO_SCREENSHOTS": "1",
    }
    chromium = os.environ.get("E2E_CHROMIUM")
    if chromium:
        env["CHROMIUM_PATH"] = chromium
    result = subprocess.run(
        [node, str(SCRIPT)],
        cwd=REPO / "portals",
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    print(result.stdout)
    print(result.stderr)
    assert result.returncode == 0, f"axe walk failed:\n{result.stderr or result.stdout[-4000:]}"
    assert "; 0 failures" in result.stdout
