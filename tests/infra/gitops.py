"""Helpers and fixtures of the GitOps tests (argocd/, kind/, platform/, .github/workflows/).

Test modules import the fixtures they use from here (pytest finds fixtures in a module's namespace):
`from gitops import apps_fixture` gives them the fixture `apps`.
The argocd/apps chart is rendered once per session with the values kind/up.sh gives it.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import REPO_ROOT

APPS_CHART = REPO_ROOT / "argocd" / "apps"
ARGOCD_NAMESPACE = "argocd"
# What kind/up.sh passes to the root (any cloneable URL; the tests never clone it).
TEST_REPO_URL = "https://git.example.test/property-platform.git"
TEST_REVISION = "main"
EXACT_VERSION = re.compile(r"^\d+\.\d+\.\d+$")

# ARCHITECTURE.md §7: platform (CRDs and operators, then what they serve, then the telemetry pipeline),
# then the services, the BFF, the portals. Each stage must sync strictly after the one before.
STAGES: list[tuple[str, set[str]]] = [
    ("operators and CRDs", {"traefik", "cloudnative-pg", "kube-prometheus-stack"}),
    ("platform backends", {"loki", "tempo", "platform-routes"}),
    ("telemetry pipeline", {"opentelemetry-collector", "alloy", "observability"}),
    ("services", {"property-service", "financial-service", "maintenance-service"}),
    ("bff", {"bff"}),
    ("portals", {"tenant-portal", "market-portal"}),
]


def load_docs(text: str) -> list[dict]:
    return [d for d in yaml.safe_load_all(text) if d]


def load_yaml(path: Path) -> object:
    return yaml.safe_load(path.read_text())


def run(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False, **kwargs)


def explain(proc: subprocess.CompletedProcess[str]) -> str:
    return f"$ {' '.join(map(str, proc.args))}\n(exit {proc.returncode})\n{proc.stdout}\n{proc.stderr}"


def render_apps(helm: str, *extra: str) -> subprocess.CompletedProcess[str]:
    """helm template of argocd/apps as kind/up.sh renders it (plus extra helm arguments)."""
    return run(
        [
            helm,
            "template",
            "property-platform",
            str(APPS_CHART),
            "--namespace",
            ARGOCD_NAMESPACE,
            "--set-string",
            f"repoURL={TEST_REPO_URL}",
            "--set-string",
            f"targetRevision={TEST_REVISION}",
            *extra,
        ]
    )


@dataclass
class Apps:
    """The rendered argocd/apps chart."""

    values: dict
    docs: list[dict]

    @property
    def project(self) -> dict:
        return next(d for d in self.docs if d["kind"] == "AppProject")

    @property
    def applications(self) -> dict[str, dict]:
        return {d["metadata"]["name"]: d for d in self.docs if d["kind"] == "Application"}

    @property
    def root(self) -> dict:
        return self.applications["property-platform"]

    @property
    def children(self) -> dict[str, dict]:
        return {n: a for n, a in self.applications.items() if n != "property-platform"}

    def wave(self, name: str) -> int:
        return int(self.applications[name]["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"])


def sources(app: dict) -> list[dict]:
    spec = app["spec"]
    return spec["sources"] if "sources" in spec else [spec["source"]]


def chart_source(app: dict) -> dict | None:
    """The upstream Helm chart source of an Application, None for one built from this repository."""
    return next((s for s in sources(app) if "chart" in s), None)


def value_files(app: dict) -> list[Path]:
    """The values files an Application names, as paths in this repository."""
    files = []
    for source in sources(app):
        for name in source.get("helm", {}).get("valueFiles", []):
            if name.startswith("$values/"):
                files.append(REPO_ROOT / name.removeprefix("$values/"))
            else:
                files.append(REPO_ROOT / source["path"] / name)
    return files


def platform_values(apps: Apps, name: str) -> dict:
    """The merged values files (shallow: later files win per top-level key) an upstream chart gets."""
    merged: dict = {}
    for path in value_files(apps.applications[name]):
        merged.update(load_yaml(path) or {})
    return merged


@pytest.fixture(scope="session", name="apps")
def apps_fixture(helm: str) -> Apps:
    """The rendered argocd/apps chart (test modules import apps_fixture to use the fixture `apps`)."""
    proc = render_apps(helm)
    if proc.returncode != 0:
        pytest.fail(explain(proc))
    values = load_yaml(APPS_CHART / "values.yaml")
    values.update(repoURL=TEST_REPO_URL, targetRevision=TEST_REVISION)
    return Apps(values=values, docs=load_docs(proc.stdout))


def shell_scripts() -> list[Path]:
    """The shell scripts these tests hold to shellcheck: kind/, argocd/, tools/cluster/ and scripts/helm.sh."""
    found = sorted(
        {
            *(REPO_ROOT / "kind").glob("*.sh"),
            *(REPO_ROOT / "argocd").rglob("*.sh"),
            *(REPO_ROOT / "tools" / "cluster").glob("*.sh"),
        }
    )
    return [*found, REPO_ROOT / "scripts" / "helm.sh"]
