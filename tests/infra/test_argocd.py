"""argocd/: the AppProject, the root Application and every child Application, rendered from argocd/apps
as kind/up.sh renders it, validated strictly and checked against what they deploy."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import CHARTS, CHARTS_DIR, REPO_ROOT
from gitops import (
    APPS_CHART,
    ARGOCD_NAMESPACE,
    EXACT_VERSION,
    STAGES,
    TEST_REPO_URL,
    TEST_REVISION,
    apps_fixture,  # noqa: F401 (the `apps` fixture)
    chart_source,
    explain,
    load_docs,
    load_yaml,
    render_apps,
    run,
    sources,
    value_files,
)
from schema_validation import crd_schema_path, validate_builtin, validate_custom

KUBERNETES = "1.34"
ROUTES_DIR = REPO_ROOT / "argocd" / "routes"
WORKLOAD_NAMESPACE = "property-platform"


def validate(doc: dict, crd_schemas_dir: Path) -> list[str]:
    """Strict validation: built-in kinds against Kubernetes, custom resources against their CRD schema."""
    path = crd_schema_path(crd_schemas_dir, doc)
    errors = validate_custom(doc, path, KUBERNETES) if path else validate_builtin(doc, KUBERNETES)
    return [f"{doc['kind']}/{doc['metadata']['name']}: {e}" for e in errors]


# --- the chart itself -----------------------------------------------------------------------------


def test_apps_chart_lints_strictly(helm) -> None:
    proc = run(
        [
            helm,
            "lint",
            "--strict",
            str(APPS_CHART),
            "--namespace",
            ARGOCD_NAMESPACE,
            "--set-string",
            f"repoURL={TEST_REPO_URL}",
        ]
    )
    assert proc.returncode == 0, explain(proc)


def test_rendered_apps_are_valid_custom_resources(apps, crd_schemas_dir) -> None:
    kinds = sorted(d["kind"] for d in apps.docs)
    assert kinds.count("AppProject") == 1
    assert kinds.count("Application") == len(apps.docs) - 1
    errors = [e for doc in apps.docs for e in validate(doc, crd_schemas_dir)]
    assert not errors, "\n".join(errors)


def test_an_unknown_field_in_an_application_is_caught(apps, crd_schemas_dir) -> None:
    """The strict validation above can fail: a misspelt field is an error, not ignored."""
    app = yaml.safe_load(yaml.safe_dump(apps.applications["traefik"]))
    app["spec"]["syncPolicy"]["automated"]["selfheal"] = True
    assert any("selfheal" in e for e in validate(app, crd_schemas_dir))


def test_repo_url_is_required_and_must_be_cloneable(helm) -> None:
    missing = run([helm, "template", "x", str(APPS_CHART), "--namespace", ARGOCD_NAMESPACE])
    assert missing.returncode != 0 and "repoURL" in missing.stderr
    local = render_apps(helm, "--set-string", "repoURL=/work/main")
    assert local.returncode != 0 and "repoURL" in local.stderr


def test_unknown_values_are_refused(helm) -> None:
    proc = render_apps(helm, "--set", "workloads[0].wave=10", "--set", "workloads[0].replicas=2")
    assert proc.returncode != 0, "values.schema.json must reject unknown keys"


def test_every_application_lives_in_argocd_and_uses_the_project(apps) -> None:
    for name, app in apps.applications.items():
        assert app["metadata"]["namespace"] == ARGOCD_NAMESPACE, name
        assert app["spec"]["project"] == apps.project["metadata"]["name"], name


def test_one_application_per_workload_chart_and_platform_component(apps) -> None:
    expected = {name for _, names in STAGES for name in names}
    assert set(apps.children) == expected
    assert {n for n in apps.children if n in CHARTS} == set(CHARTS)


# --- the project: sources and destinations ------------------------------------------------------


def test_project_allows_exactly_this_repository_and_the_pinned_chart_repositories(apps) -> None:
    repos = apps.project["spec"]["sourceRepos"]
    assert "*" not in repos
    used = {s["repoURL"] for app in apps.applications.values() for s in sources(app)}
    assert set(repos) == used, "every allowed repository is used, every used one allowed"
    assert TEST_REPO_URL in repos


def test_project_destinations_are_the_platform_namespaces(apps) -> None:
    destinations = apps.project["spec"]["destinations"]
    assert all(d["server"] == "https://kubernetes.default.svc" for d in destinations)
    allowed = {d["namespace"] for d in destinations}
    assert "*" not in allowed
    assert {"property-platform", "traefik", "argocd", "observability", "cnpg-system"} <= allowed
    for name, app in apps.applications.items():
        assert app["spec"]["destination"]["namespace"] in allowed, name
        assert app["spec"]["destination"]["server"] == "https://kubernetes.default.svc", name


def test_project_whitelists_cluster_kinds_explicitly(apps) -> None:
    whitelist = apps.project["spec"]["clusterResourceWhitelist"]
    assert {"group": "*", "kind": "*"} not in whitelist
    assert {"group": "apiextensions.k8s.io", "kind": "CustomResourceDefinition"} in whitelist


# --- root: app of apps ------------------------------------------------------------------------


def test_root_renders_this_chart_with_its_own_values(apps) -> None:
    """The root manages argocd/apps (and so itself); the values it passes reproduce the same render."""
    root = apps.root
    source = root["spec"]["source"]
    assert (source["repoURL"], source["targetRevision"], source["path"]) == (
        TEST_REPO_URL,
        TEST_REVISION,
        "argocd/apps",
    )
    passed = source["helm"]["valuesObject"]
    assert passed == {k: apps.values[k] for k in ("repoURL", "targetRevision", "environment", "images")}
    assert root["spec"]["destination"]["namespace"] == ARGOCD_NAMESPACE
    assert "finalizers" not in root["metadata"], "deleting the root must not cascade to the platform"


def test_root_passes_a_changed_revision_to_every_child(helm) -> None:
    proc = render_apps(helm, "--set-string", "targetRevision=feature-x", "--set-string", "environment=prod")
    assert proc.returncode == 0, explain(proc)
    docs = load_docs(proc.stdout)
    for app in (d for d in docs if d["kind"] == "Application"):
        for source in sources(app):
            if "chart" not in source:
                assert source["targetRevision"] == "feature-x", app["metadata"]["name"]
    bff = next(d for d in docs if d["kind"] == "Application" and d["metadata"]["name"] == "bff")
    assert bff["spec"]["source"]["helm"]["valueFiles"] == ["values-prod.yaml"]


def test_project_is_created_before_the_applications(apps) -> None:
    project_wave = int(apps.project["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"])
    assert all(project_wave < apps.wave(name) for name in apps.children)


# --- sync policy ----------------------------------------------------------------------------


def test_every_application_syncs_automatically_with_prune_and_self_heal(apps) -> None:
    for name, app in apps.applications.items():
        assert app["spec"]["syncPolicy"]["automated"] == {"prune": True, "selfHeal": True}, name
        assert app["spec"]["syncPolicy"]["retry"]["limit"] > 0, name


def test_children_create_their_namespace_and_clean_up_when_removed(apps) -> None:
    for name, app in apps.children.items():
        assert "CreateNamespace=true" in app["spec"]["syncPolicy"]["syncOptions"], name
        assert app["metadata"]["finalizers"] == ["resources-finalizer.argocd.argoproj.io"], name


@pytest.mark.parametrize("name", ["kube-prometheus-stack", "cloudnative-pg", "traefik"])
def test_charts_with_large_crds_apply_server_side(apps, name) -> None:
    assert "ServerSideApply=true" in apps.applications[name]["spec"]["syncPolicy"]["syncOptions"]


@pytest.mark.parametrize("name", ["kube-prometheus-stack", "cloudnative-pg"])
def test_injected_webhook_ca_bundles_are_not_reverted(apps, name) -> None:
    app = apps.applications[name]
    kinds = {d["kind"] for d in app["spec"]["ignoreDifferences"]}
    assert kinds == {"MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"}
    assert "RespectIgnoreDifferences=true" in app["spec"]["syncPolicy"]["syncOptions"]


# --- sync waves -------------------------------------------------------------------------------


def test_sync_waves_follow_architecture_order(apps) -> None:
    for (earlier, first), (later, second) in itertools.pairwise(STAGES):
        last_of_earlier = max(apps.wave(n) for n in first)
        first_of_later = min(apps.wave(n) for n in second)
        assert last_of_earlier < first_of_later, f"{earlier} must sync before {later}"


def test_root_waits_for_each_wave_to_be_healthy() -> None:
    """Waves order Applications only if Argo CD assesses Application health (off since Argo CD 1.8)."""
    values = load_yaml(REPO_ROOT / "argocd" / "install" / "values.yaml")
    lua = values["configs"]["cm"]["resource.customizations.health.argoproj.io_Application"]
    assert "obj.status.health.status" in lua and "return hs" in lua


@pytest.mark.parametrize("chart", ["property-service", "financial-service", "maintenance-service", "bff"])
def test_each_service_orders_its_database_before_migrations_before_deployments(
    helm, charts_copy, chart
) -> None:
    """The "databases" step of §7: inside each Django chart, CNPG Cluster < migration Job < Deployments."""
    proc = run(
        [
            helm,
            "template",
            chart,
            str(charts_copy / chart),
            "--namespace",
            WORKLOAD_NAMESPACE,
            "-f",
            str(charts_copy / chart / "values-dev.yaml"),
        ]
    )
    assert proc.returncode == 0, explain(proc)
    docs = load_docs(proc.stdout)

    def wave(doc: dict) -> int:
        return int(doc["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"])

    cluster = next(d for d in docs if d["kind"] == "Cluster")
    job = next(d for d in docs if d["kind"] == "Job")
    deployments = [d for d in docs if d["kind"] == "Deployment"]
    assert job["metadata"]["annotations"]["argocd.argoproj.io/hook"] == "Sync"
    assert wave(cluster) < wave(job) < min(wave(d) for d in deployments)


# --- sources: pinned charts, paths and values files that exist --------------------------------


def test_upstream_charts_are_pinned_to_exact_versions(apps) -> None:
    for name, app in apps.children.items():
        chart = chart_source(app)
        if chart:
            assert EXACT_VERSION.match(str(chart["targetRevision"])), f"{name}: {chart['targetRevision']!r}"


def test_loki_and_tempo_come_from_the_grafana_community_repository(apps) -> None:
    for name in ("loki", "tempo"):
        assert (
            chart_source(apps.applications[name])["repoURL"]
            == "https://grafana-community.github.io/helm-charts"
        )


def test_upstream_charts_take_their_values_from_this_repository(apps) -> None:
    for name, app in apps.children.items():
        if not chart_source(app):
            continue
        refs = [s for s in sources(app) if s.get("ref") == "values"]
        assert refs == [{"repoURL": TEST_REPO_URL, "targetRevision": TEST_REVISION, "ref": "values"}], name
        files = chart_source(app)["helm"]["valueFiles"]
        assert files and all(f.startswith("$values/") for f in files), name


@pytest.mark.parametrize(
    "name",
    sorted({n for _, names in STAGES for n in names}),
)
def test_every_application_path_and_values_file_exists(apps, name) -> None:
    app = apps.applications[name]
    for source in sources(app):
        if "path" in source:
            assert (REPO_ROOT / source["path"]).is_dir(), f"{name}: {source['path']} does not exist"
    for path in value_files(app):
        assert path.is_file(), f"{name}: values file {path.relative_to(REPO_ROOT)} does not exist"
        assert isinstance(load_yaml(path), dict), (
            f"{name}: {path.relative_to(REPO_ROOT)} is not a YAML mapping"
        )


def helm_args_of(app: dict, chart_dir: Path) -> list[str]:
    """The helm template arguments Argo CD derives from an Application's Helm source."""
    helm = app["spec"]["source"].get("helm", {})
    args = ["--namespace", app["spec"]["destination"]["namespace"]]
    for name in helm.get("valueFiles", []):
        args += ["-f", str(chart_dir / name)]
    for parameter in helm.get("parameters", []):
        args += ["--set", f"{parameter['name']}={parameter['value']}"]
    return args


@pytest.mark.parametrize("chart", CHARTS)
def test_workload_application_renders_its_chart_with_the_values_it_names(
    apps, helm, charts_copy, chart, crd_schemas_dir
) -> None:
    app = apps.applications[chart]
    assert app["spec"]["source"]["path"] == f"helm/charts/{chart}"
    assert app["spec"]["destination"]["namespace"] == WORKLOAD_NAMESPACE
    release = app["spec"]["source"]["helm"]["releaseName"]
    proc = run([helm, "template", release, str(charts_copy / chart), *helm_args_of(app, charts_copy / chart)])
    assert proc.returncode == 0, explain(proc)
    docs = load_docs(proc.stdout)
    errors = [e for doc in docs for e in validate(doc, crd_schemas_dir)]
    assert not errors, "\n".join(errors)
    # The images kind/up.sh pushes: <registry>/<the chart's own repository>:<appVersion>, pulled every start.
    own = load_yaml(CHARTS_DIR / chart / "values.yaml")["image"]["repository"]
    tag = load_yaml(CHARTS_DIR / chart / "Chart.yaml")["appVersion"]
    registry = apps.values["images"]["registry"]
    for deployment in (d for d in docs if d["kind"] in ("Deployment", "Job", "CronJob")):
        spec = (
            deployment["spec"]["template"]["spec"]
            if deployment["kind"] != "CronJob"
            else deployment["spec"]["jobTemplate"]["spec"]["template"]["spec"]
        )
        for container in spec["containers"]:
            assert container["image"] == f"{registry}/{own}:{tag}", deployment["metadata"]["name"]
            assert container["imagePullPolicy"] == apps.values["images"]["pullPolicy"]


def test_observability_application_renders_its_chart(apps, helm, tmp_path, crd_schemas_dir) -> None:
    """helm/charts/observability (the observability engineer's chart) with its own values.yaml."""
    app = apps.applications["observability"]
    source = REPO_ROOT / app["spec"]["source"]["path"]
    assert (source / "Chart.yaml").is_file(), f"{source.relative_to(REPO_ROOT)}/Chart.yaml does not exist yet"
    chart = tmp_path / source.name
    shutil.copytree(source, chart, ignore=shutil.ignore_patterns("charts", "*.tgz"))
    if (yaml.safe_load((chart / "Chart.yaml").read_text()) or {}).get("dependencies"):
        built = run([helm, "dependency", "build", str(chart)])
        assert built.returncode == 0, explain(built)
    proc = run(
        [
            helm,
            "template",
            app["metadata"]["name"],
            str(chart),
            "--namespace",
            app["spec"]["destination"]["namespace"],
        ]
    )
    assert proc.returncode == 0, explain(proc)
    errors = [e for doc in load_docs(proc.stdout) for e in validate(doc, crd_schemas_dir)]
    assert not errors, "\n".join(errors)


def test_platform_routes_are_valid_ingress_routes(apps, crd_schemas_dir) -> None:
    app = apps.applications["platform-routes"]
    directory = REPO_ROOT / app["spec"]["source"]["path"]
    docs = [d for f in sorted(directory.glob("*.yaml")) for d in load_docs(f.read_text())]
    assert {d["metadata"]["name"] for d in docs} == {"argocd-server", "grafana"}
    errors = [e for doc in docs for e in validate(doc, crd_schemas_dir)]
    assert not errors, "\n".join(errors)
    allowed = {d["namespace"] for d in apps.project["spec"]["destinations"]}
    assert all(d["metadata"]["namespace"] in allowed for d in docs)


def route_services(name: str) -> list[tuple[str, str, str, int]]:
    """(namespace, host rule, service, port) of the IngressRoute argocd/routes/<name>.yaml."""
    doc = load_yaml(ROUTES_DIR / f"{name}.yaml")
    return [
        (doc["metadata"]["namespace"], r["match"], s["name"], s["port"])
        for r in doc["spec"]["routes"]
        for s in r["services"]
    ]


def test_argocd_ui_is_served_at_argocd_localhost_over_plain_http() -> None:
    values = load_yaml(REPO_ROOT / "argocd" / "install" / "values.yaml")
    assert values["global"]["domain"] == "argocd.localhost"
    assert values["configs"]["params"]["server.insecure"] is True, "Traefik speaks HTTP to the server"
    # kind/up.sh installs the release "argocd": its server Service is argocd-server, HTTP on port 80.
    assert route_services("argocd") == [("argocd", "Host(`argocd.localhost`)", "argocd-server", 80)]
    up = (REPO_ROOT / "kind" / "up.sh").read_text()
    assert "upgrade --install argocd argo-cd" in up


def test_grafana_is_served_at_grafana_localhost(apps) -> None:
    app = apps.applications["kube-prometheus-stack"]
    release = chart_source(app)["helm"]["releaseName"]
    assert route_services("grafana") == [
        (app["spec"]["destination"]["namespace"], "Host(`grafana.localhost`)", f"{release}-grafana", 80)
    ]


def test_argocd_itself_is_pinned_in_up_sh() -> None:
    up = (REPO_ROOT / "kind" / "up.sh").read_text()
    version = next(
        line.split('"')[1] for line in up.splitlines() if line.startswith("readonly ARGOCD_CHART_VERSION=")
    )
    assert EXACT_VERSION.match(version)
