"""Fixtures of the infrastructure tests: helm, the charts rendered once per session, the CRD schemas.

Every chart is linted and rendered with each values case, in parallel, once per session: default
(values.yaml), dev (+ values-dev.yaml), prod (+ values-prod.yaml) and local (+ values-dev.yaml +
tools/cluster/values-local.yaml: the local native cluster, databases as PostgreSQL StatefulSets). The charts are copied into a temporary directory and their file:// dependency on service-lib
is built there (`helm dependency build`), so the tests always see the library as it is in the working
tree and never write into it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
CHARTS_DIR = REPO_ROOT / "helm" / "charts"
NAMESPACE = "property-platform"
DJANGO_CHARTS = ("property-service", "financial-service", "maintenance-service", "bff")
PORTAL_CHARTS = ("tenant-portal", "market-portal")
CHARTS = DJANGO_CHARTS + PORTAL_CHARTS
ENVS = ("default", "dev", "prod", "local")
# The local native cluster's overlay (tools/cluster), applied to every chart after values-dev.yaml.
LOCAL_VALUES = REPO_ROOT / "tools" / "cluster" / "values-local.yaml"
CASES = [(chart, env) for chart in CHARTS for env in ENVS]


def case_id(case: tuple[str, str]) -> str:
    return f"{case[0]}-{case[1]}"


@dataclass
class Result:
    """Outcome of one helm command."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def explain(self) -> str:
        return f"$ {' '.join(self.args)}\n(exit {self.returncode})\n{self.stdout}\n{self.stderr}"


@dataclass
class Render:
    chart: str
    env: str
    template: Result
    lint: Result

    @property
    def docs(self) -> list[dict]:
        if not self.template.ok:
            pytest.fail(self.template.explain())
        return [d for d in yaml.safe_load_all(self.template.stdout) if d]


def _run(args: list[str]) -> Result:
    proc = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    return Result(args, proc.returncode, proc.stdout, proc.stderr)


def values_files(chart_dir: Path, env: str) -> list[Path]:
    """The values files of a case, after the chart's own values.yaml, in the order Helm applies them."""
    files = {
        "default": [],
        "dev": [chart_dir / "values-dev.yaml"],
        "prod": [chart_dir / "values-prod.yaml"],
        "local": [chart_dir / "values-dev.yaml", LOCAL_VALUES],
    }
    return files[env]


def values_args(chart_dir: Path, env: str) -> list[str]:
    return [arg for path in values_files(chart_dir, env) for arg in ("-f", str(path))]


@pytest.fixture(scope="session")
def helm() -> str:
    """Path of helm: PATH, else extracted by scripts/helm.sh (see docs/kubernetes.md)."""
    proc = subprocess.run(
        [str(REPO_ROOT / "scripts" / "helm.sh")], capture_output=True, text=True, timeout=300, check=False
    )
    if proc.returncode != 0:
        pytest.fail(f"scripts/helm.sh failed:\n{proc.stderr}")
    return proc.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def charts_copy(helm: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """helm/charts copied to a temporary directory, with the service-lib dependency built."""
    dest = tmp_path_factory.mktemp("helm") / "charts"
    shutil.copytree(CHARTS_DIR, dest, ignore=shutil.ignore_patterns("charts", "*.tgz"))
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda c: _run([helm, "dependency", "build", str(dest / c)]), CHARTS))
    failed = [r.explain() for r in results if not r.ok]
    if failed:
        pytest.fail("helm dependency build failed:\n" + "\n".join(failed))
    return dest


def render_chart(helm: str, chart_dir: Path, env: str, extra: list[str] | None = None) -> Result:
    return _run(
        [
            helm,
            "template",
            chart_dir.name,
            str(chart_dir),
            "--namespace",
            NAMESPACE,
            *values_args(chart_dir, env),
            *(extra or []),
        ]
    )


@pytest.fixture(scope="session")
def renders(helm: str, charts_copy: Path) -> dict[tuple[str, str], Render]:
    """helm template and helm lint --strict of every chart x values, run in parallel once."""

    def work(case: tuple[str, str]) -> Render:
        chart, env = case
        chart_dir = charts_copy / chart
        lint = _run(
            [helm, "lint", "--strict", str(chart_dir), "--namespace", NAMESPACE, *values_args(chart_dir, env)]
        )
        return Render(chart, env, render_chart(helm, chart_dir, env), lint)

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2) * 2) as pool:
        return {(r.chart, r.env): r for r in pool.map(work, CASES)}


@pytest.fixture(scope="session")
def crd_schemas_dir() -> Path:
    """Directory of the custom resources' JSON schemas (<group>/<kind>_<version>.json).

    CRD_SCHEMAS_DIR (relative paths are taken from the repository root). When it is unset: in CI
    (CI=true) the tests fail; locally ../shared/schemas/crds is used if it exists, else they skip.
    """
    value = os.environ.get("CRD_SCHEMAS_DIR", "")
    if value:
        path = Path(value)
        path = path if path.is_absolute() else REPO_ROOT / path
        if not path.is_dir():
            pytest.fail(f"CRD_SCHEMAS_DIR={value} is not a directory ({path})")
        return path
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(
            "CRD_SCHEMAS_DIR is not set: CI must point it at the CRD JSON schemas (../shared/schemas/crds)"
        )
    default = (REPO_ROOT / ".." / "shared" / "schemas" / "crds").resolve()
    if default.is_dir():
        return default
    pytest.skip("CRD_SCHEMAS_DIR is not set and ../shared/schemas/crds does not exist")


@pytest.fixture(scope="session", autouse=True)
def _record_server_version():
    """Neutralise servicekit's pytest plugin here: its autouse fixture of the same name needs a Django
    database (django_db_setup), which skips every test when no Django settings are configured."""
    yield
