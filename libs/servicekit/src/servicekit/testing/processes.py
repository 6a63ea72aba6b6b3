"""Run a Django project of this repository as a real gunicorn server, for tests and benchmarks.

    db = prepare_database(ROOT / "property_service", "postgresql://postgres@127.0.0.1:54334/property")
    with GunicornProcess(ROOT / "property_service", port=8150, env={"DATABASE_URL": db}) as server:
        server.wait_ready()
        ...  # server.url, server.json_lines()

The server runs the project's own gunicorn.conf.py (production settings, JSON logs, post_fork
telemetry); its stdout is collected line by line so tests can read the JSON log lines it wrote.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import requests


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_manage(project_dir: Path, env: dict[str, str], *args: str, timeout: float = 300) -> str:
    """``manage.py <args>`` in the project's folder with local settings; output on failure."""
    full_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "LOG_LEVEL": "WARNING",
        **env,
    }
    proc = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=project_dir,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"{project_dir.name}: manage.py {' '.join(args)} failed\n{proc.stdout}\n{proc.stderr}"
        )
    return proc.stdout


def prepare_database(project_dir: Path, database_url: str, *, seed: bool = True) -> str:
    """Migrate (and seed with the demo data) the project's database; returns the URL."""
    env = {"DATABASE_URL": database_url, "OTEL_SDK_DISABLED": "true"}
    run_manage(project_dir, env, "migrate", "--noinput", "-v0")
    if seed:
        run_manage(project_dir, env, "seed_demo")
    return database_url


class GunicornProcess:
    def __init__(
        self,
        project_dir: Path,
        *,
        port: int | None = None,
        env: dict[str, str] | None = None,
        workers: int = 1,
        threads: int = 4,
    ) -> None:
        self.project_dir = Path(project_dir)
        self.port = port or free_port()
        self.env = {
            **os.environ,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_THREADS": str(threads),
            "LOG_FORMAT": "json",
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        self._proc: subprocess.Popen[str] | None = None
        self._lines: list[str] = []
        self._lock = threading.Lock()

    @property
    def pid(self) -> int:
        """The gunicorn master's pid (its workers are its children)."""
        assert self._proc is not None, "not started"
        return self._proc.pid

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> GunicornProcess:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "config.wsgi:application"],
            cwd=self.project_dir,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own process group: stop() ends the master and its workers
        )
        threading.Thread(target=self._read, daemon=True).start()
        return self

    def _read(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        for line in self._proc.stdout:
            with self._lock:
                self._lines.append(line.rstrip("\n"))

    def wait_ready(self, timeout: float = 60) -> None:
        """Until /readyz answers 200 (database reachable, migrations applied)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                raise RuntimeError(f"{self.project_dir.name} exited early:\n{self.output()}")
            try:
                if requests.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.project_dir.name} not ready after {timeout}s:\n{self.output()}")

    def lines(self) -> list[str]:
        with self._lock:
            return list(self._lines)

    def output(self) -> str:
        return "\n".join(self.lines()[-80:])

    def json_lines(self) -> list[dict[str, Any]]:
        """Every stdout line that is a JSON object (the service's log records)."""
        records = []
        for line in self.lines():
            if line.startswith("{"):
                try:
                    records.append(json.loads(line))
                except ValueError:
                    continue
        return records

    def stop(self, timeout: float = 20) -> None:
        """SIGTERM (graceful: workers flush their telemetry in worker_exit), then SIGKILL."""
        if self._proc is None or self._proc.poll() is not None:
            return
        os.killpg(self._proc.pid, signal.SIGTERM)
        try:
            self._proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self._proc.pid, signal.SIGKILL)
            self._proc.wait(timeout=5)

    def __enter__(self) -> GunicornProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
