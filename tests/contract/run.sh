#!/usr/bin/env bash
# make test-contracts: consumers write pacts, providers verify them live. See tests/contract/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec .venv/bin/python tests/contract/run.py "$@"
