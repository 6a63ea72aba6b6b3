#!/usr/bin/env bash
# make test-e2e: every journey in a real browser against a fresh local stack on PostgreSQL.
# tests/e2e/stack.py starts the stack (fresh demo data), runs pytest tests/e2e, and always stops it;
# this script exits with pytest's code. Extra arguments go to pytest (e.g. -k tenant, --headed).
# Ports: E2E_STACK_API_PORT (8000-8003), E2E_STACK_PORTAL_PORT (3000-3001), E2E_STACK_PG_PORT (54336).
# Failed journeys leave a screenshot and a Playwright trace in tests/e2e/artifacts/
# (open a trace with: .venv/bin/playwright show-trace tests/e2e/artifacts/<test>/trace.zip).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${E2E_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  echo "test-e2e: /usr/bin/chromium not found: apt-get install -y chromium, or set E2E_CHROMIUM," \
    "or run '.venv/bin/playwright install chromium' where Playwright's download works" >&2
fi
exec .venv/bin/python tests/e2e/stack.py run -- "$@"
