"""Security and operability policies over the rendered pod templates (in-repo, instead of checkov).

Every pod: non-root, RuntimeDefault seccomp, no host namespaces, no hostPath, no service-account token;
every container: read-only root filesystem, no privilege escalation, all capabilities dropped, requests
and limits, a pinned image tag. Serving pods (Deployments and the PostgreSQL StatefulSet of the local
values): startup, liveness and readiness probes, a preStop hook and a grace period covering it — a pause
for HTTP servers (endpoints drain first), a fast shutdown for PostgreSQL (SIGTERM alone would wait for
every pooled client connection to close). Deployments: a PodDisruptionBudget, topology spread when
replicas > 1. No policy is skipped.
"""

from __future__ import annotations

import pytest
from conftest import CASES, case_id
from workloads import of_kind, pod_templates, selects


def _pods(renders, case):
    pods = pod_templates(renders[case].docs)
    assert pods, "no pod templates rendered"
    return pods


def _seccomp(pod_spec: dict, container: dict) -> str | None:
    own = (container.get("securityContext") or {}).get("seccompProfile") or {}
    pod = (pod_spec.get("securityContext") or {}).get("seccompProfile") or {}
    return own.get("type") or pod.get("type")


def _non_root(pod_spec: dict, container: dict) -> bool:
    own = (container.get("securityContext") or {}).get("runAsNonRoot")
    pod = (pod_spec.get("securityContext") or {}).get("runAsNonRoot")
    if own is not None:
        return own is True
    return pod is True


def pre_stop_seconds(container: dict) -> int | None:
    """How long the container's preStop hook may take: `sleep N` (HTTP servers) or PostgreSQL's
    `pg_ctl stop -m fast -w -t N`; None for anything else."""
    command = ((container.get("lifecycle") or {}).get("preStop") or {}).get("exec", {}).get("command", [])

    def option(flag: str) -> str | None:
        return command[command.index(flag) + 1] if flag in command[:-1] else None

    if len(command) == 2 and command[0] == "sleep":
        return int(command[1])
    if command[:2] == ["pg_ctl", "stop"] and option("-m") == "fast" and "-w" in command and option("-t"):
        return int(option("-t"))
    return None


def serves_http(container: dict) -> bool:
    return any(p.get("name") == "http" for p in container.get("ports", []))


def pod_violations(pod) -> list[str]:
    spec, errors = pod.spec, []
    for flag in ("hostNetwork", "hostPID", "hostIPC"):
        if spec.get(flag):
            errors.append(f"{flag} is set")
    if spec.get("automountServiceAccountToken") is not False:
        errors.append("automountServiceAccountToken is not false")
    for volume in spec.get("volumes", []):
        if "hostPath" in volume:
            errors.append(f"hostPath volume {volume['name']}")
    for c in pod.containers():
        where = f"container {c['name']}"
        sc = c.get("securityContext") or {}
        if not _non_root(spec, c):
            errors.append(f"{where}: runAsNonRoot is not true")
        if sc.get("readOnlyRootFilesystem") is not True:
            errors.append(f"{where}: readOnlyRootFilesystem is not true")
        if sc.get("allowPrivilegeEscalation") is not False:
            errors.append(f"{where}: allowPrivilegeEscalation is not false")
        if sc.get("privileged"):
            errors.append(f"{where}: privileged")
        caps = sc.get("capabilities") or {}
        if "ALL" not in (caps.get("drop") or []):
            errors.append(f"{where}: capabilities do not drop ALL")
        if caps.get("add"):
            errors.append(f"{where}: capabilities added {caps['add']}")
        if _seccomp(spec, c) != "RuntimeDefault":
            errors.append(f"{where}: seccompProfile is not RuntimeDefault")
        res = c.get("resources") or {}
        for section in ("requests", "limits"):
            for resource in ("cpu", "memory"):
                if resource not in (res.get(section) or {}):
                    errors.append(f"{where}: resources.{section}.{resource} missing")
        image = c.get("image", "")
        name_tag = image.split("@", 1)[0]
        tag = name_tag.rsplit(":", 1)[1] if ":" in name_tag.rsplit("/", 1)[-1] else ""
        if not tag and "@" not in image:
            errors.append(f"{where}: image {image!r} has no tag")
        if tag == "latest":
            errors.append(f"{where}: image {image!r} uses the latest tag")
        if pod.serves:
            for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
                if probe not in c:
                    errors.append(f"{where}: {probe} missing")
            pre_stop = ((c.get("lifecycle") or {}).get("preStop") or {}).get("exec", {}).get("command", [])
            if serves_http(c) and (not pre_stop or pre_stop[0] != "sleep"):
                errors.append(f"{where}: no preStop sleep")
            elif pre_stop_seconds(c) is None:
                errors.append(f"{where}: no preStop sleep or PostgreSQL fast shutdown")
    return errors


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_pod_security_and_resources(renders, case) -> None:
    errors = [f"{p.kind}/{p.name}: {e}" for p in _pods(renders, case) for e in pod_violations(p)]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_grace_period_covers_pre_stop_and_graceful_timeout(renders, case) -> None:
    docs = renders[case].docs
    config_maps = {cm["metadata"]["name"]: cm.get("data") or {} for cm in of_kind(docs, "ConfigMap")}
    for pod in _pods(renders, case):
        if not pod.serves:
            continue
        container = pod.spec["containers"][0]
        pre_stop = pre_stop_seconds(container)
        assert pre_stop is not None, f"{pod.name}: no preStop sleep or PostgreSQL fast shutdown"
        config = {
            k: v
            for source in container.get("envFrom", [])
            if "configMapRef" in source
            for k, v in config_maps[source["configMapRef"]["name"]].items()
        }
        graceful = int(config.get("GUNICORN_GRACEFUL_TIMEOUT", 0))
        grace = pod.spec.get("terminationGracePeriodSeconds", 30)
        assert grace > pre_stop + graceful, (
            f"{pod.name}: grace {grace}s <= preStop {pre_stop}s + graceful {graceful}s"
        )


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_service_accounts_do_not_automount_tokens(renders, case) -> None:
    accounts = of_kind(renders[case].docs, "ServiceAccount")
    assert accounts
    for sa in accounts:
        assert sa.get("automountServiceAccountToken") is False, sa["metadata"]["name"]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_every_deployment_has_a_pdb_and_spreads_when_replicated(renders, case) -> None:
    docs = renders[case].docs
    pdbs = of_kind(docs, "PodDisruptionBudget")
    hpas = {h["spec"]["scaleTargetRef"]["name"]: h for h in of_kind(docs, "HorizontalPodAutoscaler")}
    for deployment in of_kind(docs, "Deployment"):
        name, labels = deployment["metadata"]["name"], deployment["spec"]["template"]["metadata"]["labels"]
        assert any(selects(p["spec"]["selector"], labels) for p in pdbs), f"no PodDisruptionBudget for {name}"
        replicas = (
            hpas[name]["spec"]["maxReplicas"] if name in hpas else deployment["spec"].get("replicas", 1)
        )
        if name in hpas:
            assert "replicas" not in deployment["spec"], f"{name}: replicas set although an HPA scales it"
        if replicas > 1:
            assert deployment["spec"]["template"]["spec"].get("topologySpreadConstraints"), (
                f"{name}: no spread"
            )


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_namespace_is_default_deny(renders, case) -> None:
    policies = of_kind(renders[case].docs, "NetworkPolicy")
    assert any(
        p["spec"]["podSelector"] == {}
        and set(p["spec"]["policyTypes"]) == {"Ingress", "Egress"}
        and not p["spec"].get("ingress")
        and not p["spec"].get("egress")
        for p in policies
    ), "no default-deny NetworkPolicy"
