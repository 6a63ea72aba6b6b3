"""Lint, render and strictly validate every chart with its default, dev, prod and local values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CASES, CHARTS, CHARTS_DIR, DJANGO_CHARTS, REPO_ROOT, case_id, render_chart, values_args
from schema_validation import (
    crd_schema_path,
    supported_kubernetes_versions,
    validate_builtin,
    validate_custom,
)

KUBERNETES_VERSIONS = ("1.31", "1.32", "1.33", "1.34")


def test_kubernetes_validate_knows_the_target_versions() -> None:
    missing = set(KUBERNETES_VERSIONS) - set(supported_kubernetes_versions())
    assert not missing, f"kubernetes-validate has no schemas for {sorted(missing)}"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_helm_lint_strict(renders, case) -> None:
    result = renders[case].lint
    assert result.ok, result.explain()


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_helm_template_renders(renders, case) -> None:
    result = renders[case].template
    assert result.ok, result.explain()
    kinds = {d["kind"] for d in renders[case].docs}
    assert {
        "Deployment",
        "Service",
        "ConfigMap",
        "ServiceAccount",
        "NetworkPolicy",
        "PodDisruptionBudget",
    } <= kinds


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_builtin_objects_are_valid_for_kubernetes(renders, case, version) -> None:
    errors = []
    for doc in renders[case].docs:
        if crd_schema_path(Path("."), doc) is None:
            errors += [
                f"{doc['kind']}/{doc['metadata']['name']}: {e}" for e in validate_builtin(doc, version)
            ]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_custom_resources_are_valid_for_their_crds(renders, case, crd_schemas_dir) -> None:
    errors, seen = [], 0
    for doc in renders[case].docs:
        path = crd_schema_path(crd_schemas_dir, doc)
        if path is not None:
            seen += 1
            errors += [
                f"{doc['kind']}/{doc['metadata']['name']}: {e}" for e in validate_custom(doc, path, "1.34")
            ]
    assert not errors, "\n".join(errors)
    assert seen, "expected custom resources (IngressRoute, Middleware or Cluster)"


def test_external_database_switch(helm, charts_copy, crd_schemas_dir) -> None:
    """database.external.enabled: no CNPG Cluster, DATABASE_URL from the given Secret, egress to its CIDR."""
    result = render_chart(
        helm,
        charts_copy / "financial-service",
        "prod",
        [
            "--set",
            "database.external.enabled=true",
            "--set",
            "database.external.secretName=financial-db",
            "--set",
            "database.external.secretKey=url",
            "--set",
            "database.external.cidrs={10.20.0.0/24}",
        ],
    )
    assert result.ok, result.explain()
    import yaml

    docs = [d for d in yaml.safe_load_all(result.stdout) if d]
    assert not [d for d in docs if d["kind"] == "Cluster"]
    api = next(d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"] == "financial-service")
    env = {e["name"]: e for e in api["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["DATABASE_URL"]["valueFrom"]["secretKeyRef"] == {"name": "financial-db", "key": "url"}
    policy = next(
        d for d in docs if d["kind"] == "NetworkPolicy" and d["metadata"]["name"] == "financial-service-api"
    )
    assert {
        "to": [{"ipBlock": {"cidr": "10.20.0.0/24"}}],
        "ports": [{"protocol": "TCP", "port": 5432}],
    } in policy["spec"]["egress"]
    assert not [
        d for d in docs if d["kind"] == "NetworkPolicy" and d["metadata"]["name"].endswith("-database")
    ]
    for doc in docs:
        path = crd_schema_path(crd_schemas_dir, doc)
        assert not (validate_custom(doc, path, "1.34") if path else validate_builtin(doc, "1.34"))


def test_external_database_wins_over_the_statefulset(helm, charts_copy) -> None:
    """database.external.enabled with database.statefulSet.enabled: the external database, nothing else."""
    result = render_chart(
        helm,
        charts_copy / "bff",
        "local",
        ["--set", "database.external.enabled=true", "--set", "database.external.secretName=bff-db"],
    )
    assert result.ok, result.explain()
    import yaml

    docs = [d for d in yaml.safe_load_all(result.stdout) if d]
    kinds = {d["kind"] for d in docs}
    assert not kinds & {"Cluster", "StatefulSet"}
    assert not [d for d in docs if d["metadata"]["name"] in ("bff-db-rw", "bff-db-app", "bff-database")]


def test_statefulset_database_refuses_the_latest_tag(helm, charts_copy) -> None:
    result = render_chart(
        helm, charts_copy / "bff", "local", ["--set", "database.statefulSet.image.tag=latest"]
    )
    assert not result.ok


def test_latest_tag_is_refused(helm, charts_copy) -> None:
    result = render_chart(helm, charts_copy / "bff", "default", ["--set", "image.tag=latest"])
    assert not result.ok


def test_every_chart_carries_the_one_values_schema() -> None:
    canonical = (REPO_ROOT / "helm" / "schema" / "values.schema.json").read_text()
    json.loads(canonical)
    for chart in CHARTS:
        copy = (CHARTS_DIR / chart / "values.schema.json").read_text()
        assert copy == canonical, f"{chart}/values.schema.json differs: run python3 helm/schema/generate.py"


@pytest.mark.parametrize("chart", CHARTS)
def test_chart_is_values_only_on_the_library(chart) -> None:
    import yaml

    meta = yaml.safe_load((CHARTS_DIR / chart / "Chart.yaml").read_text())
    assert meta["apiVersion"] == "v2"
    assert meta["dependencies"] == [
        {"name": "service-lib", "version": "0.1.0", "repository": "file://../service-lib"}
    ]
    templates = sorted(p.name for p in (CHARTS_DIR / chart / "templates").iterdir())
    assert templates == ["NOTES.txt", "all.yaml"]
    for name in ("values.yaml", "values-dev.yaml", "values-prod.yaml", "values.schema.json"):
        assert (CHARTS_DIR / chart / name).is_file()


@pytest.mark.parametrize("chart", CHARTS)
def test_notes_render(helm, charts_copy, chart) -> None:
    """NOTES.txt (shown by helm install) renders and tells where the workload is reachable."""
    result = _run_install_dry_run(helm, charts_copy / chart)
    assert result.returncode == 0, result.stderr
    notes = result.stdout.split("NOTES:", 1)[1]
    assert f"http://{chart}:" in notes
    if chart in ("tenant-portal", "market-portal"):
        assert ".localhost" in notes


@pytest.mark.parametrize("chart", DJANGO_CHARTS)
def test_notes_name_the_database_of_each_mode(helm, charts_copy, chart) -> None:
    cnpg = _run_install_dry_run(helm, charts_copy / chart)
    assert cnpg.returncode == 0, cnpg.stderr
    assert f"Database: CloudNativePG Cluster {chart}-db;" in cnpg.stdout.split("NOTES:", 1)[1]
    local = _run_install_dry_run(helm, charts_copy / chart, values_args(charts_copy / chart, "local"))
    assert local.returncode == 0, local.stderr
    notes = local.stdout.split("NOTES:", 1)[1]
    assert f"Database: PostgreSQL StatefulSet {chart}-db (one instance, no operator)" in notes
    assert f"DATABASE_URL from Secret {chart}-db-app (key uri)" in notes
    assert "CloudNativePG" not in notes


def _run_install_dry_run(helm: str, chart_dir: Path, extra: list[str] | None = None):
    import subprocess

    return subprocess.run(
        [
            helm,
            "install",
            chart_dir.name,
            str(chart_dir),
            "--namespace",
            "property-platform",
            "--dry-run=client",
            *(extra or []),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
