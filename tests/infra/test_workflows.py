""".github/workflows/: CI runs each suite through its make target; the Kind workflow runs the full path
(cluster, Argo CD from this commit, the e2e suite against the *.localhost hosts) and keeps the evidence
of a failure. Structure only: GitHub runs them."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github" / "workflows"


def load(name: str) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1): normalise it.
    doc = yaml.safe_load((WORKFLOWS / name).read_text())
    if True in doc:
        doc["on"] = doc.pop(True)
    return doc


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


@pytest.mark.parametrize("name", ["ci.yml", "kind-e2e.yml"])
def test_workflow_shape(name: str) -> None:
    doc = load(name)
    assert {"name", "on", "jobs", "permissions"} <= set(doc)
    assert doc["permissions"] == {"contents": "read"}, "least privilege"
    assert {"push", "pull_request"} <= set(doc["on"])
    for job_name, job in doc["jobs"].items():
        assert job["runs-on"] == "ubuntu-24.04", job_name
        assert job["timeout-minutes"] > 0, job_name
        for step in job["steps"]:
            assert set(step) & {"run", "uses"}, f"{job_name}: step without run or uses"
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), (
                    f"{job_name}: unpinned action {step['uses']}"
                )


def test_ci_runs_each_suite_through_its_make_target() -> None:
    jobs = load("ci.yml")["jobs"]
    targets = {
        name: re.findall(r"^make (test-[\w-]+|lint)$", runs(job), re.MULTILINE) for name, job in jobs.items()
    }
    assert targets == {
        "lint": ["lint"],
        "unit": ["test-unit"],
        "contract": ["test-contracts"],
        "infra": ["test-infra"],
    }
    for target in ("lint", "test-unit", "test-contracts", "test-infra"):
        assert re.search(rf"^{target}:", (REPO_ROOT / "Makefile").read_text(), re.MULTILINE), (
            f"make {target} missing"
        )


def test_ci_infra_job_has_shellcheck_and_the_crd_schemas() -> None:
    job = load("ci.yml")["jobs"]["infra"]
    assert "shellcheck" in runs(job)
    assert 'echo "CRD_SCHEMAS_DIR=' in runs(job)


def test_kind_workflow_brings_the_cluster_up_from_this_commit() -> None:
    job = load("kind-e2e.yml")["jobs"]["kind-e2e"]
    script = runs(job)
    assert "kind/up.sh" in script
    assert '--revision "${{ github.event.pull_request.head.sha || github.sha }}"' in script
    assert '--repo "${{ github.server_url }}/${{ github.repository }}.git"' in script
    assert "--seed-demo" in script


def test_kind_workflow_runs_the_e2e_suite_against_the_cluster_hosts() -> None:
    job = load("kind-e2e.yml")["jobs"]["kind-e2e"]
    assert job["env"]["E2E_TENANT_URL"] == "http://tenant.localhost"
    assert job["env"]["E2E_MARKET_URL"] == "http://market.localhost"
    assert job["env"]["E2E_PROPERTY_ADMIN_URL"] == "http://property.admin.localhost"
    assert job["env"]["E2E_MAINTENANCE_ADMIN_URL"] == "http://maintenance.admin.localhost"
    assert "tests/e2e" in runs(job)
    hosts = next(s["run"] for s in job["steps"] if "/etc/hosts" in s.get("run", ""))
    for host in (
        "tenant.localhost",
        "market.localhost",
        "property.admin.localhost",
        "maintenance.admin.localhost",
    ):
        assert host in hosts


def test_kind_workflow_keeps_logs_and_screenshots_of_a_failure() -> None:
    steps = load("kind-e2e.yml")["jobs"]["kind-e2e"]["steps"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["if"] == "failure()"
    paths = upload["with"]["path"]
    assert "var/kind-e2e/" in paths and "test-results/" in paths and "playwright-report/" in paths
    collect = next(s for s in steps if s.get("name") == "Collect logs and manifests")
    assert (
        collect["if"] == "failure()" and "kubectl" in collect["run"] and "kind export logs" in collect["run"]
    )
