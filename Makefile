# The platform's commands. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV ?= uv
PY := .venv/bin/python
export UV_LINK_MODE := copy

.PHONY: help install dev test test-unit test-portals test-telemetry test-contracts test-infra test-api test-e2e test-e2e-against lint format bench images test-containers test-cluster cluster-up cluster-down kind-up kind-down clean

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

install: ## install Python (uv, one lock) and Node dependencies
	@command -v $(UV) >/dev/null || python3 -m pip install -q uv
	$(UV) sync --all-packages --frozen
	@if [ -f portals/package-lock.json ]; then cd portals && npm ci --no-audit --no-fund; fi

dev: install ## run every workload locally with demo data (SQLite, or DATABASE_URL for PostgreSQL)
	scripts/dev.sh

test: lint test-unit test-portals test-telemetry test-contracts test-infra test-e2e ## everything CI runs (test-containers and test-cluster run apart; test-api not yet: see tests/api/README.md)
	@echo "make test: all suites passed"

lint: ## ruff over all Python code
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

format: ## apply ruff's formatting and fixes
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

test-unit: ## each Django project's tests on PostgreSQL (a throwaway server unless DATABASE_URL is set)
	$(PY) scripts/run_tests.py

test-portals: ## the portals: unit tests, type check, lint and production build
	cd portals && npm test && npm run typecheck && npm run build

test-telemetry: ## traces across services, log correlation, business metrics, dashboards vs emitted metrics
	$(UV) run --frozen pytest -q -p no:cacheprovider tests/telemetry

test-contracts: ## Pact: consumers write pacts, providers verify them live
	@if [ -x tests/contract/run.sh ]; then tests/contract/run.sh; else echo "test-contracts: no contract suite yet"; fi

test-infra: ## Helm charts, manifests and policies
	@if [ -d tests/infra ]; then $(UV) run --frozen pytest -q -p no:cacheprovider tests/infra; else echo "test-infra: no infra suite yet"; fi

test-api: ## schemathesis --checks all (stateful too) over the five API runs and the same-key payment burst, on a live stack
	tests/api/run.sh

test-e2e: ## Playwright journeys against a fresh local stack on PostgreSQL
	@if [ -x tests/e2e/run.sh ]; then tests/e2e/run.sh; else echo "test-e2e: no e2e suite yet"; fi

images: ## build the six workload images (offline: local base images from Debian packages) and print their sizes
	docker/images.sh

test-containers: images ## the real images in docker compose: hardening, journeys, a restart loses nothing
	$(UV) run --frozen pytest -q -p no:cacheprovider tests/containers

test-cluster: ## a real Kubernetes on this machine: six charts deployed, NetworkPolicies enforced, journeys through Traefik (docs/kubernetes.md)
	PY=$(CURDIR)/$(PY) tools/cluster/test.sh

cluster-up: ## start the local native cluster and deploy the six charts (tools/cluster; stop with make cluster-down)
	tools/cluster/install-prerequisites.sh && docker/ensure-engine.sh && tools/cluster/build.sh
	docker/images.sh && tools/cluster/images.sh
	tools/cluster/cluster.sh up && tools/cluster/deploy.sh && tools/cluster/deploy.sh seed

cluster-down: ## stop the local native cluster (its state stays; tools/cluster/cluster.sh reset deletes it)
	tools/cluster/cluster.sh down

kind-up: ## local Kubernetes: Kind + Argo CD deploying this repository from Git (docs/operations.md)
	kind/up.sh

kind-down: ## delete the Kind cluster (the local registry and its images stay)
	kind/down.sh

test-e2e-against: ## the browser journeys against a running deployment named by E2E_* (tests/e2e/README.md)
	cd tests/e2e && ../../$(PY) -m pytest -q

bench: ## benchmarks (not tests): print throughput and latency figures (an idle machine gives fair numbers)
	-$(PY) scripts/bench_property_search.py
	-$(PY) scripts/bench_payments.py
	-$(PY) scripts/bench_dashboard.py
	-$(PY) scripts/bench_telemetry.py
	@echo "Portals (needs them running, e.g. under make dev): node scripts/bench_portals.mjs"

clean: ## remove local databases and caches
	rm -rf var .cache
