"""What the contract suite shares: where pacts are written, matchers for consumers, and the harness that
verifies a pact against a live provider (see tests/contract/README.md)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACT_DIR = ROOT / "tests" / "contract" / "pacts"

# The Pact core reports usage over the network unless told not to; CI has no network to spare.
os.environ.setdefault("PACT_DO_NOT_TRACK", "true")
