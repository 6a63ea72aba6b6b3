"""kind/up.sh and kind/down.sh: shellcheck-clean, fail early and clearly when a tool is missing, and run
their steps in order — against recording stand-ins for docker, kind, kubectl and helm, since no cluster
can run here (the Kind workflow runs the real thing). helm template is the real helm throughout."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO_ROOT
from gitops import load_docs, render_apps, shell_scripts

UP = REPO_ROOT / "kind" / "up.sh"
DOWN = REPO_ROOT / "kind" / "down.sh"
BASH = shutil.which("bash") or "/bin/bash"


def shellcheck() -> str:
    path = shutil.which("shellcheck")
    if not path:
        pytest.fail(
            "shellcheck is not installed: apt-get install -y shellcheck (the shell-script tests need it)"
        )
    return path


@pytest.mark.parametrize("script", shell_scripts(), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_shell_script_passes_shellcheck(script: Path) -> None:
    proc = subprocess.run(
        [shellcheck(), "--external-sources", str(script)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_shellcheck_catches_a_real_mistake(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sh"
    bad.write_text("#!/usr/bin/env bash\nrm -rf $1/*\n")
    proc = subprocess.run([shellcheck(), str(bad)], capture_output=True, text=True, check=False)
    assert proc.returncode != 0 and "SC2086" in proc.stdout


@pytest.mark.parametrize("script", [UP, DOWN], ids=["up.sh", "down.sh"])
def test_scripts_are_executable(script: Path) -> None:
    assert script.stat().st_mode & stat.S_IXUSR


# --- stand-ins ------------------------------------------------------------------------------------

FAKE = {
    # Each stand-in appends its command line to $FAKE_LOG, then answers like the real tool would.
    "docker": r"""
case "$1" in
  info) [[ -z "${FAKE_DOCKER_DOWN:-}" ]] ;;
  inspect)
    if [[ "$*" == *State.Running* ]]; then [[ -n "${FAKE_EXISTING:-}" ]] && echo true || exit 1
    elif [[ "$*" == *Networks.kind* ]]; then [[ -n "${FAKE_EXISTING:-}" ]] && echo '{"IPAddress":"172.18.0.3"}' || echo null
    else [[ -n "${FAKE_EXISTING:-}" ]]; fi ;;
  exec) [[ "$2" != -i ]] || cat >/dev/null ;;
esac
""",
    "kind": r"""
case "$1 $2" in
  "get clusters") [[ -z "${FAKE_EXISTING:-}" ]] || echo property-platform ;;
  "get nodes") echo property-platform-control-plane ;;
esac
""",
    "kubectl": r"""
args=" $* "
n=$(ls "$FAKE_DIR"/applied-*.yaml 2>/dev/null | wc -l)
case "$args" in
  *" --dry-run=client "*) printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n' ;;
  *" label --local "*) cat ;;
  *" apply -f - "*) cat > "$FAKE_DIR/applied-$n.yaml" ;;
  *" get secret grafana-admin "*)
    if [[ "$args" == *jsonpath* ]]; then printf 's3cret' | base64; else [[ -n "${FAKE_EXISTING:-}" ]]; fi ;;
  *" get secret "*) printf 'argo-pw' | base64 ;;
  *" get applications.argoproj.io "*)
    for i in $(seq 1 "${FAKE_APPS:-16}"); do printf 'app-%s\tSynced\t%s\n' "$i" "${FAKE_HEALTH:-Healthy}"; done ;;
esac
""",
    "helm": r"""
if [[ "$1" == template ]]; then exec "$REAL_HELM" "$@"; fi
""",
}


@pytest.fixture
def fakes(tmp_path: Path, helm: str) -> tuple[Path, dict[str, str]]:
    """A directory of stand-ins and the environment that puts them first on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in FAKE.items():
        script = bin_dir / name
        script.write_text(f'#!{BASH}\necho "{name} $*" >> "$FAKE_LOG"\n{body}')
        script.chmod(0o755)
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "FAKE_LOG": str(tmp_path / "calls.log"),
        "FAKE_DIR": str(tmp_path),
        "HELM": str(bin_dir / "helm"),
        "REAL_HELM": helm,
        "FAKE_APPS": str(application_count(helm)),
    }
    (tmp_path / "calls.log").touch()
    return tmp_path, env


def application_count(helm: str) -> int:
    proc = render_apps(helm)
    assert proc.returncode == 0, proc.stderr
    return sum(d["kind"] == "Application" for d in load_docs(proc.stdout))


def run_script(script: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BASH, str(script), *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def calls(tmp_path: Path) -> list[str]:
    return (tmp_path / "calls.log").read_text().splitlines()


def only_bash_on_path(tmp_path: Path, *tools: str) -> str:
    """A PATH with only the given stand-ins (plus python3 when asked), nothing else."""
    bin_dir = tmp_path / "onlybin"
    bin_dir.mkdir(exist_ok=True)
    for tool in tools:
        script = bin_dir / tool
        script.write_text(f'#!{BASH}\necho "{tool} $*" >> "$FAKE_LOG"\n{FAKE.get(tool, "")}')
        script.chmod(0o755)
    return str(bin_dir)


# --- failing early --------------------------------------------------------------------------------


def test_up_stops_before_doing_anything_when_kind_is_missing(tmp_path: Path) -> None:
    path = only_bash_on_path(tmp_path, "docker", "kubectl", "helm", "git")
    log = tmp_path / "calls.log"
    proc = subprocess.run(
        [BASH, str(UP)], capture_output=True, text=True, check=False, env={"PATH": path, "FAKE_LOG": str(log)}
    )
    assert proc.returncode == 1
    assert "kind: not found on PATH" in proc.stderr and "https://kind.sigs.k8s.io" in proc.stderr
    assert "docker:" not in proc.stderr and "kubectl:" not in proc.stderr and "helm:" not in proc.stderr
    assert "Nothing was changed" in proc.stderr
    assert not log.exists() or log.read_text() == "", "no tool may run when one is missing"


def test_up_names_every_missing_tool_at_once(tmp_path: Path) -> None:
    proc = subprocess.run(
        [BASH, str(UP)], capture_output=True, text=True, check=False, env={"PATH": str(tmp_path)}
    )
    assert proc.returncode == 1
    for tool in ("docker", "kind", "kubectl", "helm", "git"):
        assert f"  - {tool}: not found on PATH" in proc.stderr, tool
    assert "5 tool(s) missing" in proc.stderr


def test_helm_is_not_missing_when_scripts_helm_sh_can_extract_it(tmp_path: Path) -> None:
    path = only_bash_on_path(tmp_path, "docker", "kubectl", "python3")
    proc = subprocess.run(
        [BASH, str(UP), "--repo", "https://x.test/r.git", "--revision", "main"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": path, "FAKE_LOG": str(tmp_path / "calls.log")},
    )
    assert proc.returncode == 1
    assert "kind: not found" in proc.stderr and "helm:" not in proc.stderr and "git:" not in proc.stderr


def test_up_says_when_the_docker_daemon_is_down(fakes) -> None:
    tmp_path, env = fakes
    proc = run_script(UP, {**env, "FAKE_DOCKER_DOWN": "1"})
    assert proc.returncode == 1
    assert "daemon does not answer" in proc.stderr
    assert calls(tmp_path) == ["docker info"]


def test_up_refuses_a_repository_argocd_cannot_clone(fakes) -> None:
    tmp_path, env = fakes
    proc = run_script(UP, env, "--repo", str(REPO_ROOT), "--revision", "main")
    assert proc.returncode == 1 and "cannot read" in proc.stderr
    assert not [c for c in calls(tmp_path) if c != "docker info"]


def test_up_rejects_unknown_arguments(fakes) -> None:
    _, env = fakes
    assert run_script(UP, env, "--frobnicate").returncode == 2
    assert run_script(UP, env, "--timeout", "soon").returncode == 2


def test_down_stops_when_kind_is_missing(tmp_path: Path) -> None:
    path = only_bash_on_path(tmp_path, "docker")
    proc = subprocess.run(
        [BASH, str(DOWN)],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": path, "FAKE_LOG": str(tmp_path / "calls.log")},
    )
    assert proc.returncode == 1 and "kind: not found on PATH" in proc.stderr


# --- the whole run, against stand-ins -----------------------------------------------------------


def index_of(lines: list[str], prefix: str) -> int:
    matches = [i for i, line in enumerate(lines) if line.startswith(prefix)]
    assert matches, f"no call starting with {prefix!r} in:\n" + "\n".join(lines)
    return matches[0]


def test_up_runs_every_step_in_order_on_a_new_machine(fakes) -> None:
    tmp_path, env = fakes
    proc = run_script(
        UP, env, "--repo", "https://git.example.test/pp.git", "--revision", "feature-x", "--timeout", "30"
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    log = calls(tmp_path)
    kc = "kubectl --context kind-property-platform"
    steps = [
        "docker info",
        "docker run -d --restart=always -p 127.0.0.1:5001:5000 --network bridge --name kind-registry registry:2",
        f"kind create cluster --name property-platform --config {REPO_ROOT}/kind/cluster.yaml",
        "docker exec -i property-platform-control-plane cp /dev/stdin /etc/containerd/certs.d/localhost:5001/hosts.toml",
        "docker network connect kind kind-registry",
        f"{kc} apply -f {REPO_ROOT}/kind/local-registry-hosting.yaml",
        "docker build -t localhost:5001/property-platform/property-service:",
        "docker push localhost:5001/property-platform/property-service:",
        "helm upgrade --install argocd argo-cd --repo https://argoproj.github.io/argo-helm --version ",
        f"{kc} -n observability create secret generic grafana-admin",
        f"{kc} -n argocd create secret generic repo-property-platform --from-literal=type=git --from-literal=url=https://git.example.test/pp.git",
        f"{kc} -n argocd get applications.argoproj.io",
    ]
    positions = [index_of(log, step) for step in steps]
    assert positions == sorted(positions), "steps out of order:\n" + "\n".join(log)
    build = log[index_of(log, "docker build -t localhost:5001/property-platform/bff:")]
    assert f"-f {REPO_ROOT}/docker/django.Dockerfile --build-arg PROJECT=bff {REPO_ROOT}" in build
    # The root and the project, for the repository and revision given.
    applied = [d for f in sorted(tmp_path.glob("applied-*.yaml")) for d in load_docs(f.read_text())]
    root = next(d for d in applied if d.get("kind") == "Application")
    assert root["metadata"]["name"] == "property-platform"
    assert root["spec"]["source"]["helm"]["valuesObject"]["targetRevision"] == "feature-x"
    assert any(d.get("kind") == "AppProject" for d in applied)
    repo_secret = next(d for d in applied if d.get("kind") == "Secret")
    assert yaml.safe_dump(repo_secret)  # applied through `kubectl label --local` with the repository label
    assert any("label --local -f - argocd.argoproj.io/secret-type=repository" in line for line in log)
    # What the operator reads at the end.
    for url in (
        "http://tenant.localhost",
        "http://market.localhost",
        "http://grafana.localhost",
        "http://argocd.localhost",
    ):
        assert url in proc.stdout
    assert "password s3cret" in proc.stdout and "password argo-pw" in proc.stdout
    count = env["FAKE_APPS"]
    assert f"{count}/{count} ready" in proc.stdout


def test_up_builds_every_image_it_has_a_recipe_for_and_names_the_others(fakes) -> None:
    tmp_path, env = fakes
    proc = run_script(
        UP, env, "--repo", "https://git.example.test/pp.git", "--revision", "main", "--timeout", "30"
    )
    assert proc.returncode == 0, proc.stderr
    log = calls(tmp_path)
    recipes = {
        "property-service": ["property_service/Dockerfile", "docker/django.Dockerfile"],
        "financial-service": ["financial_service/Dockerfile", "docker/django.Dockerfile"],
        "maintenance-service": ["maintenance_service/Dockerfile", "docker/django.Dockerfile"],
        "bff": ["bff/Dockerfile", "docker/django.Dockerfile"],
        "tenant-portal": [
            "portals/tenant-portal/Dockerfile",
            "docker/portal.Dockerfile",
            "docker/portals.Dockerfile",
            "portals/Dockerfile",
        ],
        "market-portal": [
            "portals/market-portal/Dockerfile",
            "docker/portal.Dockerfile",
            "docker/portals.Dockerfile",
            "portals/Dockerfile",
        ],
    }
    for name, candidates in recipes.items():
        built = [c for c in log if c.startswith(f"docker build -t localhost:5001/property-platform/{name}:")]
        if any((REPO_ROOT / c).is_file() for c in candidates):
            assert len(built) == 1, name
        else:
            assert not built and f"no Dockerfile for {name} yet" in proc.stderr, name


def test_up_is_idempotent_on_an_existing_cluster(fakes) -> None:
    tmp_path, env = fakes
    proc = run_script(
        UP,
        {**env, "FAKE_EXISTING": "1"},
        "--repo",
        "https://git.example.test/pp.git",
        "--revision",
        "main",
        "--skip-images",
        "--timeout",
        "30",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    log = calls(tmp_path)
    for step in ("docker run", "docker start", "kind create", "docker network connect", "docker build"):
        assert not [c for c in log if c.startswith(step)], step
    assert not [c for c in log if "create secret generic grafana-admin" in c], "the Grafana password is kept"
    assert [c for c in log if c.startswith("helm upgrade --install argocd")], "Argo CD is upgraded in place"


def test_up_fails_with_the_unhealthy_applications_after_the_timeout(fakes) -> None:
    _, env = fakes
    proc = run_script(
        UP,
        {**env, "FAKE_EXISTING": "1", "FAKE_HEALTH": "Progressing"},
        "--repo",
        "https://git.example.test/pp.git",
        "--revision",
        "main",
        "--skip-images",
        "--timeout",
        "0",
    )
    assert proc.returncode == 1
    assert "timed out after 0s" in proc.stderr and "app-1: Synced/Progressing" in proc.stderr


def test_down_deletes_the_cluster_and_keeps_the_registry(fakes) -> None:
    tmp_path, env = fakes
    proc = run_script(DOWN, {**env, "FAKE_EXISTING": "1"})
    assert proc.returncode == 0, proc.stderr
    assert "kind delete cluster --name property-platform" in calls(tmp_path)
    assert not [c for c in calls(tmp_path) if c.startswith("docker rm")]
    proc = run_script(DOWN, {**env, "FAKE_EXISTING": "1"}, "--registry")
    assert "docker rm -f kind-registry" in calls(tmp_path)
