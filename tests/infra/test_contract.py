"""The charts honour the workloads' contract: environment, routes, migration ordering, jobs, storage."""

from __future__ import annotations

import pytest
from conftest import DJANGO_CHARTS, ENVS, PORTAL_CHARTS
from workloads import named, of_kind

DJANGO_ENV = {
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "SERVICE_TOKENS",
    "OTEL_SERVICE_NAME",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "LOG_LEVEL",
    "LOG_FORMAT",
    "SERVICE_COMPONENT",
    "GUNICORN_WORKERS",
    "GUNICORN_THREADS",
    "GUNICORN_GRACEFUL_TIMEOUT",
}
OUTBOUND = {
    "property-service": set(),
    "financial-service": {"PROPERTY_SERVICE"},
    "maintenance-service": set(),
    "bff": {"PROPERTY_SERVICE", "FINANCIAL_SERVICE", "MAINTENANCE_SERVICE"},
}


def container_env(docs: list[dict], container: dict) -> dict[str, object]:
    """Environment of a container: its env entries plus the ConfigMaps it loads (envFrom)."""
    env: dict[str, object] = {}
    for source in container.get("envFrom", []):
        env.update(named(docs, "ConfigMap", source["configMapRef"]["name"])["data"])
    for entry in container.get("env", []):
        env[entry["name"]] = entry.get("value", entry.get("valueFrom"))
    return env


def main_container(docs, kind, name):
    return named(docs, kind, name)["spec"]["template"]["spec"]["containers"][0]


@pytest.mark.parametrize("env", ENVS)
@pytest.mark.parametrize("chart", DJANGO_CHARTS)
def test_django_environment(renders, chart, env) -> None:
    docs = renders[(chart, env)].docs
    for deployment, component in ((chart, "api"), (f"{chart}-admin", "admin")):
        values = container_env(docs, main_container(docs, "Deployment", deployment))
        missing = DJANGO_ENV - set(values)
        assert not missing, f"{deployment}: missing {sorted(missing)}"
        assert values["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
        assert values["SERVICE_COMPONENT"] == component
        assert values["LOG_FORMAT"] == "json"
        assert values["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://otel-collector.observability:4318"
        assert values["DATABASE_URL"]["secretKeyRef"] == {"name": f"{chart}-db-app", "key": "uri"}
        for secret_key in ("DJANGO_SECRET_KEY", "SERVICE_TOKENS"):
            assert "secretKeyRef" in values[secret_key], f"{secret_key} must come from a Secret"
        for callee in OUTBOUND[chart]:
            host = callee.lower().replace("_", "-")
            assert values[f"{callee}_URL"] == f"http://{host}:8000"
            assert "secretKeyRef" in values[f"{callee}_TOKEN"]
        allowed_hosts = values["DJANGO_ALLOWED_HOSTS"].split(",")
        probe = main_container(docs, "Deployment", deployment)["readinessProbe"]["httpGet"]
        assert probe["path"] == "/readyz"
        assert probe["httpHeaders"][0]["value"] in allowed_hosts, "probe Host header must be an allowed host"


@pytest.mark.parametrize("chart", DJANGO_CHARTS)
def test_dev_secrets_agree_across_charts(renders, chart) -> None:
    """On Kind the charts create their Secrets; a caller's <CALLEE>_TOKEN is the callee's token for it."""
    secrets = {c: named(renders[(c, "dev")].docs, "Secret", f"{c}-env")["stringData"] for c in DJANGO_CHARTS}
    for callee in OUTBOUND[chart]:
        callee_chart = callee.lower().replace("_", "-")
        inbound = dict(pair.split("=", 1) for pair in secrets[callee_chart]["SERVICE_TOKENS"].split(","))
        assert inbound[chart] == secrets[chart][f"{callee}_TOKEN"]
    assert len(secrets[chart]["DJANGO_SECRET_KEY"]) >= 50
    for env in ("default", "prod"):
        assert not of_kind(renders[(chart, env)].docs, "Secret"), "only dev values may create Secrets"


@pytest.mark.parametrize("env", ENVS)
@pytest.mark.parametrize("chart", PORTAL_CHARTS)
def test_portal_environment_and_probes(renders, chart, env) -> None:
    docs = renders[(chart, env)].docs
    container = main_container(docs, "Deployment", chart)
    values = container_env(docs, container)
    assert values["BFF_URL"] == "http://bff:8000"
    assert values["OTEL_SERVICE_NAME"] == chart
    assert container["ports"][0]["containerPort"] == 3000
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert container[probe]["httpGet"]["path"] == "/healthz"


def _routes(docs):
    return {
        (r["match"], tuple(m["name"] for m in r.get("middlewares", []))): r["services"][0]
        for ir in of_kind(docs, "IngressRoute")
        for r in ir["spec"]["routes"]
    }


def test_portal_hosts_route_api_to_the_bff(renders) -> None:
    for chart, host, api_middlewares in (
        ("tenant-portal", "tenant.localhost", ("tenant-portal-security-headers",)),
        (
            "market-portal",
            "market.localhost",
            ("market-portal-security-headers", "market-portal-api-ratelimit"),
        ),
    ):
        docs = renders[(chart, "default")].docs
        routes = _routes(docs)
        api = routes[(f"Host(`{host}`) && PathPrefix(`/api`)", api_middlewares)]
        assert (api["name"], api["port"]) == ("bff", 8000)
        rest = routes[(f"Host(`{host}`)", (f"{chart}-security-headers",))]
        assert (rest["name"], rest["port"]) == (chart, 3000)
        middleware_names = {m["metadata"]["name"] for m in of_kind(docs, "Middleware")}
        assert set(api_middlewares) <= middleware_names
    ratelimit = named(renders[("market-portal", "default")].docs, "Middleware", "market-portal-api-ratelimit")
    assert ratelimit["spec"]["rateLimit"]["average"] > 0


@pytest.mark.parametrize("chart", DJANGO_CHARTS)
def test_admin_host_routes_to_the_admin_deployment(renders, chart) -> None:
    short = {
        "property-service": "property",
        "financial-service": "financial",
        "maintenance-service": "maintenance",
        "bff": "bff",
    }[chart]
    docs = renders[(chart, "default")].docs
    route = named(docs, "IngressRoute", f"{chart}-admin")["spec"]["routes"][0]
    assert route["match"] == f"Host(`{short}.admin.localhost`)"
    assert route["services"][0]["name"] == f"{chart}-admin"
    assert route["middlewares"] == [{"name": f"{chart}-security-headers"}]
    service = named(docs, "Service", f"{chart}-admin")
    assert service["spec"]["selector"]["app.kubernetes.io/component"] == "admin"


@pytest.mark.parametrize("env", ENVS)
@pytest.mark.parametrize("chart", DJANGO_CHARTS)
def test_migration_job_is_ordered_between_database_and_deployments(renders, chart, env) -> None:
    docs = renders[(chart, env)].docs
    [job] = [
        j for j in of_kind(docs, "Job") if j["metadata"]["labels"]["app.kubernetes.io/component"] == "migrate"
    ]
    container = job["spec"]["template"]["spec"]["containers"][0]
    assert container["command"] == ["python", "manage.py", "migrate", "--noinput"]
    annotations = job["metadata"]["annotations"]
    assert annotations["argocd.argoproj.io/hook"] == "Sync"
    assert not any(k.startswith("helm.sh/hook") for k in annotations), (
        "a Helm hook would deadlock `helm install --wait`"
    )

    def wave(doc):
        return int(doc["metadata"].get("annotations", {}).get("argocd.argoproj.io/sync-wave", 0))

    cluster = named(docs, "Cluster", f"{chart}-db")
    assert cluster["spec"]["bootstrap"]["initdb"]["database"]
    assert max(wave(p) for p in of_kind(docs, "NetworkPolicy")) < wave(cluster) < wave(job)
    assert all(wave(job) < wave(d) for d in of_kind(docs, "Deployment"))
    assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"
    assert job["spec"]["backoffLimit"] >= 5, "the Job retries while the database starts"


def test_rent_run_cronjobs(renders) -> None:
    docs = renders[("financial-service", "default")].docs
    rent = named(docs, "CronJob", "financial-service-rent-run")
    assert rent["spec"]["schedule"] == "0 6 1 * *"
    assert rent["spec"]["concurrencyPolicy"] == "Forbid"
    pod = rent["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert pod["containers"][0]["command"] == ["python", "manage.py", "generate_rent_invoices"]
    overdue = named(docs, "CronJob", "financial-service-mark-overdue")
    assert overdue["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["command"] == [
        "python",
        "manage.py",
        "mark_overdue_invoices",
    ]
    values = container_env(docs, pod["containers"][0])
    assert values["PROPERTY_SERVICE_URL"] == "http://property-service:8000"


@pytest.mark.parametrize("env", ENVS)
def test_maintenance_media_volume(renders, env) -> None:
    docs = renders[("maintenance-service", env)].docs
    claim = named(docs, "PersistentVolumeClaim", "maintenance-service-data")
    for name in ("maintenance-service", "maintenance-service-admin"):
        container = main_container(docs, "Deployment", name)
        mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
        assert mounts["/var/lib/maintenance/media"] == "data"
        assert container_env(docs, container)["MEDIA_ROOT"] == "/var/lib/maintenance/media"
        volumes = {
            v["name"]: v for v in named(docs, "Deployment", name)["spec"]["template"]["spec"]["volumes"]
        }
        assert volumes["data"]["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]
        assert "/tmp" in mounts  # noqa: S108 - the writable emptyDir, not a temp file


@pytest.mark.parametrize("chart", DJANGO_CHARTS + PORTAL_CHARTS)
def test_grace_period_matches_gunicorn(renders, chart) -> None:
    docs = renders[(chart, "default")].docs
    spec = named(docs, "Deployment", chart)["spec"]["template"]["spec"]
    if chart in DJANGO_CHARTS:
        graceful = int(named(docs, "ConfigMap", chart)["data"]["GUNICORN_GRACEFUL_TIMEOUT"])
        assert graceful == 30
        assert spec["terminationGracePeriodSeconds"] == graceful + 5 + 5
    else:
        assert spec["terminationGracePeriodSeconds"] == 10 + 5 + 5
