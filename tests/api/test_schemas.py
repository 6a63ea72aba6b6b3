"""Schemathesis (`--checks all`, every phase: examples, coverage, fuzzing, stateful) over each API's
published OpenAPI schema, on the live stack: the BFF as a signed-in demo tenant, each service as each of
its callers with the stack's real service tokens. A run passes only with 0 failures of any check.

``API_FUZZ_MAX_EXAMPLES`` (default 10) bounds the cases per operation; ``API_FUZZ_SEED`` (default 1)
makes a run repeatable (set another to explore). Each run's report: tests/api/reports/<run>/.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
MAX_EXAMPLES = os.environ.get("API_FUZZ_MAX_EXAMPLES", "10")
SEED = os.environ.get("API_FUZZ_SEED", "1")


@dataclass(frozen=True)
class Run:
    api: str  # bff, property, financial, maintenance
    caller: str  # "tenant" (the BFF's session) or a service token's name
    # (path, method, statuses): a schema-valid request a business rule may still refuse, as documented.
    refusals: tuple[tuple[str, str, tuple[int, ...]], ...] = ()
    exclude_paths: tuple[str, ...] = field(default=())


RUNS = [
    Run(
        "bff",
        "tenant",
        refusals=(
            # Wrong e-mail or password, or an unknown/expired reset link: 400 with the field named.
            ("/api/auth/login", "POST", (200, 400, 429)),
            ("/api/auth/password-reset/confirm", "POST", (204, 400, 429)),
            ("/api/auth/password", "POST", (204, 400, 429)),
            # min_rent above max_rent: 400 errors.max_rent; a page past the last one: 404.
            ("/api/market/listings", "GET", (200, 400, 404)),
            # Listing not open, move-in before it is available (400 per field); already applied (409).
            ("/api/market/applications", "POST", (201, 400, 409, 429)),
            # More than is due, or zero (400 errors.amount), paid/void invoice (409), reused key (422).
            ("/api/tenant/invoices/{invoice_id}/pay", "POST", (201, 400, 404, 409, 422)),
        ),
        # Signing out would end the session every other request runs in.
        exclude_paths=("/api/auth/logout",),
    ),
    Run(
        "property",
        "bff",
        refusals=(("/api/v1/applications/", "POST", (201, 400, 409)),),
    ),
    Run("property", "financial"),
    Run(
        "financial",
        "bff",
        refusals=(("/api/v1/invoices/{id}/payments", "POST", (201, 400, 404, 409, 422)),),
    ),
    Run(
        "maintenance",
        "bff",
        # A photo whose bytes are not a JPEG, PNG or WebP image: 400 errors.photos.
        refusals=(("/api/v1/work-orders/", "POST", (201, 400)),),
    ),
]


def config_toml(run: Run, *, token: str | None, session_id: str | None) -> str:
    lines = ['suppress-health-check = ["all"]', ""]
    if session_id:
        lines += ["[auth.openapi.sessionCookie]", f"api_key = {json.dumps(session_id)}", ""]
    if token:
        lines += ["[auth.openapi.ServiceToken]", f"bearer = {json.dumps(token)}", ""]
    for path, method, statuses in run.refusals:
        lines += [
            "[[operations]]",
            # The operation's label, exactly: include-path with include-method also matched other methods.
            f"include-name = {json.dumps(f'{method} {path}')}",
            f"checks.positive_data_acceptance.expected-statuses = {list(statuses)}",
            "",
        ]
    return "\n".join(lines)


@pytest.mark.parametrize("run", RUNS, ids=lambda run: f"{run.api}-as-{run.caller}")
def test_the_api_keeps_to_its_schema(run, stack, alice, tmp_path):
    base = stack.api_urls[run.api]
    tenant = run.caller == "tenant"
    (tmp_path / "schemathesis.toml").write_text(
        config_toml(
            run,
            token=None if tenant else stack.tokens[run.caller],
            session_id=alice.session_id if tenant else None,
        )
    )
    reports = HERE / "reports" / f"{run.api}-as-{run.caller}"
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(tmp_path / "schemathesis.toml"),
        "run",
        f"{base}/api/schema/?format=json",
        "--checks",
        "all",
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--max-examples",
        MAX_EXAMPLES,
        "--seed",
        SEED,
        # One worker: with two, CPython 3.11's ast.parse (hypothesis describing a lambda) can fail under
        # threads with "SystemError: AST constructor recursion depth mismatch" (a CPython bug, not ours).
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--no-color",
        "--report",
        "junit",
        "--report-dir",
        str(reports),
        *(arg for path in run.exclude_paths for arg in ("--exclude-path", path)),
    ]
    env = {**os.environ, "PYTHONPATH": str(HERE), "SCHEMATHESIS_HOOKS": "hooks"}
    if tenant:
        env["API_FUZZ_CSRF"] = alice.csrf_token
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)
    summary = result.stdout[result.stdout.find("=== SUMMARY") :] if "SUMMARY" in result.stdout else ""
    print(summary)
    assert result.returncode == 0, result.stdout[-12000:] + result.stderr[-3000:]
    assert "Tested:" in result.stdout  # it really ran operations
