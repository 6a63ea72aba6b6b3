"""The charts honour the workloads' contract: environment, routes, migration ordering, jobs, storage,
the database in both modes (CloudNativePG Cluster; PostgreSQL StatefulSet with the local values)."""

from __future__ import annotations

import base64
import re

import pytest
import yaml
from conftest import CHARTS_DIR, DJANGO_CHARTS, ENVS, LOCAL_VALUES, PORTAL_CHARTS
from workloads import named, of_kind, selects

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

    if env == "local":  # the PostgreSQL StatefulSet, its Service and its Secret instead of the Cluster
        database = named(docs, "StatefulSet", f"{chart}-db")
        env_of_db = {
            e["name"]: e.get("value") for e in database["spec"]["template"]["spec"]["containers"][0]["env"]
        }
        assert env_of_db["POSTGRES_DB"]
        assert not of_kind(docs, "Cluster")
        before_job = [
            database,
            named(docs, "Service", f"{chart}-db-rw"),
            named(docs, "Secret", f"{chart}-db-app"),
        ]
    else:
        database = named(docs, "Cluster", f"{chart}-db")
        assert database["spec"]["bootstrap"]["initdb"]["database"]
        assert not of_kind(docs, "StatefulSet")
        before_job = [database]
    for doc in before_job:
        assert max(wave(p) for p in of_kind(docs, "NetworkPolicy")) < wave(doc) < wave(job), doc["kind"]
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


def _decoded(secret: dict) -> dict[str, str]:
    return {k: base64.b64decode(v).decode() for k, v in secret["data"].items()}


@pytest.mark.parametrize("chart", DJANGO_CHARTS)
def test_local_database_is_a_postgres_statefulset(renders, chart) -> None:
    """database.statefulSet (tools/cluster/values-local.yaml): the names CNPG would give, so the pods'
    DATABASE_URL reference is unchanged; one hardened PostgreSQL instance on a volume of its own."""
    assert yaml.safe_load(LOCAL_VALUES.read_text()) == {"database": {"statefulSet": {"enabled": True}}}
    docs = renders[(chart, "local")].docs
    values = yaml.safe_load((CHARTS_DIR / chart / "values.yaml").read_text())["database"]
    owner, database = values["cnpg"]["owner"], values["cnpg"]["database"]
    sts = named(docs, "StatefulSet", f"{chart}-db")
    spec, pod = sts["spec"], sts["spec"]["template"]
    labels = pod["metadata"]["labels"]
    assert labels["app.kubernetes.io/component"] == "database"
    assert sts["metadata"]["labels"]["app.kubernetes.io/component"] == "database"
    assert (spec["replicas"], spec["serviceName"]) == (1, f"{chart}-db-rw")
    assert selects(spec["selector"], labels)
    assert sts["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"] == "-1"
    assert "app.kubernetes.io/version" not in labels, "a new service release must not restart its database"

    security = pod["spec"]["securityContext"]
    assert security["runAsNonRoot"] is True
    assert (security["runAsUser"], security["fsGroup"]) == (100, 102), "postgres in postgres:15-bookworm"
    assert pod["spec"]["automountServiceAccountToken"] is False
    assert pod["spec"]["enableServiceLinks"] is False
    [container] = pod["spec"]["containers"]
    assert container["name"] == "postgres"
    assert container["image"] == "postgres:15-bookworm"
    assert container["ports"] == [{"name": "postgresql", "containerPort": 5432, "protocol": "TCP"}]
    env = {e["name"]: e["value"] for e in container["env"]}
    assert (env["POSTGRES_USER"], env["POSTGRES_DB"]) == (owner, database)
    assert "POSTGRES_PASSWORD" not in env
    ready = ["pg_isready", "-h", "127.0.0.1", "-U", owner, "-d", database]
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert container[probe]["exec"]["command"] == ready, probe
    startup = container["startupProbe"]
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 300, "initdb gets at least 5 minutes"

    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["spec"]["volumes"]}
    for path in ("/tmp", "/var/run/postgresql"):  # noqa: S108 - writable emptyDirs, not temp files
        assert "emptyDir" in volumes[mounts[path]], path
    password_dir, password_file = env["POSTGRES_PASSWORD_FILE"].rsplit("/", 1)
    secret_volume = volumes[mounts[password_dir]]["secret"]
    assert secret_volume["secretName"] == f"{chart}-db-app"
    assert {"key": "password", "path": password_file} in secret_volume["items"]
    [claim] = spec["volumeClaimTemplates"]
    data_path = next(path for path, name in mounts.items() if name == claim["metadata"]["name"])
    assert env["PGDATA"].startswith(data_path + "/"), "PGDATA is a subdirectory of the volume (initdb's 0700)"
    assert claim["spec"]["accessModes"] == ["ReadWriteOnce"]
    assert claim["spec"]["resources"]["requests"]["storage"] == values["statefulSet"]["storage"]["size"]

    service = named(docs, "Service", f"{chart}-db-rw")
    assert service["spec"]["type"] == "ClusterIP"
    assert selects({"matchLabels": service["spec"]["selector"]}, labels)
    assert service["spec"]["ports"] == [
        {"name": "postgresql", "port": 5432, "targetPort": "postgresql", "protocol": "TCP"}
    ]

    secret = named(docs, "Secret", f"{chart}-db-app")
    assert secret["metadata"]["annotations"]["helm.sh/resource-policy"] == "keep"
    data = _decoded(secret)
    assert set(data) == {"uri", "password"}
    assert re.fullmatch(r"[A-Za-z0-9]{32}", data["password"])
    assert data["uri"] == f"postgresql://{owner}:{data['password']}@{chart}-db-rw:5432/{database}"
    # The pods read DATABASE_URL exactly as in CNPG mode.
    for deployment in (chart, f"{chart}-admin"):
        url = container_env(docs, main_container(docs, "Deployment", deployment))["DATABASE_URL"]
        assert url["secretKeyRef"] == {"name": f"{chart}-db-app", "key": "uri"}

    policy = named(docs, "NetworkPolicy", f"{chart}-database")
    assert selects(policy["spec"]["podSelector"], labels)
    assert set(policy["spec"]["policyTypes"]) == {"Ingress", "Egress"}
    assert policy["spec"]["egress"] == []
    assert [p["port"] for rule in policy["spec"]["ingress"] for p in rule["ports"]] == [5432]
