#!/usr/bin/env bash
# make test-api: every API against its published OpenAPI schema with schemathesis (`--checks all`,
# stateful phase included), on a fresh local stack on PostgreSQL (tests/e2e/stack.py, without the portals).
# Extra arguments go to pytest (e.g. -k bff). Ports as for make test-e2e (E2E_STACK_*).
set -euo pipefail
cd "$(dirname "$0")/../.."
exec .venv/bin/python tests/e2e/stack.py run --no-portals -- tests/api "$@"
