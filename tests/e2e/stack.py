#!/usr/bin/env python
"""The local stack the end-to-end suite runs against, on PostgreSQL with fresh demo data.

    tests/e2e/stack.py run [-- PYTEST ARGS]   start it, run pytest tests/e2e, stop it; exits with pytest's code
    tests/e2e/stack.py up                     start it and keep it running until Ctrl-C (to write tests)
    tests/e2e/stack.py run --no-portals -- tests/api   the APIs only, for another suite (make test-api)
    tests/e2e/stack.py stop|start SERVICE     stop or start one process of a running stack (the resilience
                                              journey's E2E_STOP_MAINTENANCE / E2E_START_MAINTENANCE)

What it starts: a throwaway PostgreSQL server (a fresh data directory every run) with one database per
service, migrated and seeded with the demo data; property, financial and maintenance services and the
BFF under gunicorn with their production settings (a generated secret key and service tokens, plain
HTTP on localhost); both portals' standalone builds (rebuilt only when their sources changed).

Ports come from the environment, so a developer's run does not collide with `make dev` or CI:
E2E_STACK_API_PORT (default 8000: the BFF; +1 property, +2 financial, +3 maintenance),
E2E_STACK_PORTAL_PORT (default 3000: tenant portal; +1 market portal), E2E_STACK_PG_PORT (54336).
Logs, databases and the portals' running copies live in var/e2e-<api port>/.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PORTALS = ROOT / "portals"
STACK = Path(__file__).resolve()
PYTHON = sys.executable

sys.path.insert(0, str(ROOT / "libs" / "servicekit" / "src"))
from servicekit.testing import pgserver  # noqa: E402

API_PORT = int(os.environ.get("E2E_STACK_API_PORT", "8000"))
PORTAL_PORT = int(os.environ.get("E2E_STACK_PORTAL_PORT", "3000"))
PG_PORT = int(os.environ.get("E2E_STACK_PG_PORT", "54336"))
DEFAULT_DIR = ROOT / "var" / f"e2e-{API_PORT}"

# Django projects in start order, with their port (the BFF last: it calls the others).
SERVICES = {
    "property": ("property_service", API_PORT + 1),
    "financial": ("financial_service", API_PORT + 2),
    "maintenance": ("maintenance_service", API_PORT + 3),
    "bff": ("bff", API_PORT),
}
PORTAL_APPS = {"tenant-portal": PORTAL_PORT, "market-portal": PORTAL_PORT + 1}
READY_TIMEOUT = float(os.environ.get("E2E_STACK_READY_TIMEOUT", "90"))


def log(message: str) -> None:
    print(f"[stack {time.strftime('%H:%M:%S')}] {message}", flush=True)


# ── state: what runs, so that `stop`/`start` from another process and the teardown agree ──────────


def state_path(stack_dir: Path) -> Path:
    return stack_dir / "stack.json"


def read_state(stack_dir: Path) -> dict:
    return json.loads(state_path(stack_dir).read_text())


def write_state(stack_dir: Path, state: dict) -> None:
    tmp = state_path(stack_dir).with_suffix(".tmp")
    # Holds this run's generated tokens and secret keys: owner-only, and only for this throwaway stack.
    tmp.write_text(json.dumps(state, indent=2))
    tmp.chmod(0o600)
    tmp.replace(state_path(stack_dir))


# ── processes ─────────────────────────────────────────────────────────────────────────────────────


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")  # a zombie has exited


def launch(spec: dict) -> int:
    with open(spec["log"], "ab") as out:
        proc = subprocess.Popen(
            spec["cmd"],
            cwd=spec["cwd"],
            env=spec["env"],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopping it stops its workers too
        )
    return proc.pid


def terminate(*pids: int, timeout: float = 15) -> None:
    """SIGTERM to each process group (gunicorn's master and its workers) at once; SIGKILL what lingers."""
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5)):
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, sig)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and any(alive(pid) for pid in pids):
            time.sleep(0.1)
        for pid in pids:
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(pid, os.WNOHANG)  # reap the ones that are our children
        if not any(alive(pid) for pid in pids):
            return


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 — our own http://127.0.0.1 probes
            return response.status == 200
    except OSError:
        return False


def port_taken(port: int) -> bool:
    """Something answers on this port, on 127.0.0.1 or ::1 (the browser tries both for localhost)."""
    for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(0.5)
            with contextlib.suppress(OSError):
                if sock.connect_ex((host, port)) == 0:
                    return True
    return False


def tail(path: str, lines: int = 40) -> str:
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def wait_ready(state: dict, names: list[str], timeout: float = READY_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    waiting = list(names)
    while waiting:
        for name in list(waiting):
            spec = state["processes"][name]
            if answers(spec["probe"]):
                waiting.remove(name)
            elif not alive(spec["pid"]):
                raise RuntimeError(
                    f"{name} exited while starting. Its log ({spec['log']}):\n{tail(spec['log'])}"
                )
        if waiting and time.monotonic() > deadline:
            details = "\n".join(f"── {n} ──\n{tail(state['processes'][n]['log'])}" for n in waiting)
            raise RuntimeError(f"not ready after {timeout:.0f}s: {', '.join(waiting)}\n{details}")
        if waiting:
            time.sleep(0.25)


# ── preparation: database, Django projects, portal builds ─────────────────────────────────────────


def run_logged(cmd: list[str], *, cwd: Path, env: dict, log_file: Path, what: str) -> None:
    with open(log_file, "ab") as out:
        code = subprocess.run(
            cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, check=False
        ).returncode
    if code != 0:
        raise RuntimeError(f"{what} failed (exit {code}). Log ({log_file}):\n{tail(str(log_file))}")


def prepare_project(folder: str, database_url: str, logs: Path) -> None:
    """Run `stack.py prepare` in the project's folder: one Django start-up instead of three."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": database_url,
        "OTEL_SDK_DISABLED": "true",
        "LOG_LEVEL": "WARNING",
    }
    cwd = ROOT / folder
    run_logged(
        [PYTHON, str(STACK), "prepare"],
        cwd=cwd,
        env=env,
        log_file=logs / f"{folder}-prepare.log",
        what=f"{folder}: prepare",
    )


def prepare_here() -> None:
    """In a Django project's folder: migrate, seed_demo, and collectstatic (the production settings
    serve the admin's hashed static files) unless the collected files are already these sources'."""
    sys.path.insert(0, os.getcwd())
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_demo")
    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in sorted(finder.list(["CVS", ".*", "*~"]), key=lambda item: item[0]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    stamp = Path(settings.STATIC_ROOT) / ".e2e-sources.sha256"
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists() and stamp.exists() and stamp.read_text() == digest.hexdigest():
        print("collectstatic: already collected from these sources")
        return
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(digest.hexdigest())


# Outputs, and what no build reads (tests, scripts): a change there needs no rebuild.
_SKIP = {"node_modules", ".next", "coverage", "test-results", "playwright-report", "test", "scripts", "pacts"}


def portal_sources_digest() -> str:
    """A digest of everything a portal build reads (the workspace's sources, not its outputs)."""
    digest = hashlib.sha256()
    for directory, subdirs, files in os.walk(PORTALS):
        subdirs[:] = sorted(d for d in subdirs if d not in _SKIP)
        for name in sorted(files):
            if name.endswith(".tsbuildinfo"):
                continue
            path = Path(directory, name)
            digest.update(str(path.relative_to(PORTALS)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_portals(logs: Path) -> None:
    """`npm run build` of each portal, skipped when its last build was made from the same sources.

    The stamp lives inside .next/, which every `next build` empties: anyone's rebuild forces ours.
    """
    digest = portal_sources_digest()
    env = {**os.environ, "NEXT_TELEMETRY_DISABLED": "1"}
    log_file = logs / "portals-build.log"
    if not (PORTALS / "node_modules").exists():
        log("portals: npm ci")
        run_logged(
            ["npm", "ci", "--no-audit", "--no-fund"], cwd=PORTALS, env=env, log_file=log_file, what="npm ci"
        )
    for app in PORTAL_APPS:
        stamp = PORTALS / app / ".next" / "e2e-sources.sha256"
        if (
            stamp.exists()
            and stamp.read_text() == digest
            and (PORTALS / app / ".next" / "standalone" / app / "server.js").exists()
        ):
            log(f"{app}: already built from these sources")
            continue
        started = time.monotonic()
        for attempt in range(1, 7):
            log(f"{app}: building (npm run build -w {app})")
            try:
                run_logged(
                    ["npm", "run", "build", "-w", app],
                    cwd=PORTALS,
                    env=env,
                    log_file=log_file,
                    what=f"{app} build",
                )
                break
            except RuntimeError:
                # Someone else's `next build` of the same app (a shared working tree): wait for it, then ours.
                if attempt == 6 or "Another next build process is already running" not in tail(
                    str(log_file), 30
                ):
                    raise
                time.sleep(15)
        stamp.write_text(digest)
        log(f"{app}: built in {time.monotonic() - started:.0f}s")


def install_portal(app: str, stack_dir: Path) -> Path:
    """Copy the standalone server with its static files (as Next documents) out of the source tree,
    so that a rebuild in portals/ while the suite runs cannot pull files from under the server."""
    build = PORTALS / app / ".next"
    target = stack_dir / "portals" / app
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(build / "standalone", target, symlinks=True)
    shutil.copytree(build / "static", target / app / ".next" / "static")
    if (PORTALS / app / "public").is_dir():
        shutil.copytree(PORTALS / app / "public", target / app / "public")
    return target / app / "server.js"


# ── the stack ─────────────────────────────────────────────────────────────────────────────────────


def urls() -> dict[str, str]:
    """What the suite reads (tests/e2e/conftest.py) to find this stack."""
    tenant, market = PORTAL_APPS["tenant-portal"], PORTAL_APPS["market-portal"]
    return {
        "E2E_TENANT_URL": f"http://localhost:{tenant}",
        "E2E_MARKET_URL": f"http://localhost:{market}",
        "E2E_PROPERTY_ADMIN_URL": f"http://localhost:{SERVICES['property'][1]}/admin/",
        "E2E_FINANCIAL_ADMIN_URL": f"http://localhost:{SERVICES['financial'][1]}/admin/",
        "E2E_MAINTENANCE_ADMIN_URL": f"http://localhost:{SERVICES['maintenance'][1]}/admin/",
    }


def control_env(stack_dir: Path) -> dict[str, str]:
    def command(action: str) -> str:
        return shlex.join([PYTHON, str(STACK), action, "maintenance", "--dir", str(stack_dir)])

    return {
        "E2E_LOCAL_STACK": "1",
        "E2E_STACK_DIR": str(stack_dir),
        "E2E_STOP_MAINTENANCE": command("stop"),
        "E2E_START_MAINTENANCE": command("start"),
    }


def service_env(name: str, database_url: str, tokens: dict[str, str], stack_dir: Path) -> dict[str, str]:
    base = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        # Plain HTTP on localhost, as in docker-compose.yml: TLS and HSTS are Traefik's job in the cluster.
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DATABASE_URL": database_url,
        "GUNICORN_BIND": f"127.0.0.1:{SERVICES[name][1]}",
        "GUNICORN_WORKERS": os.environ.get("E2E_GUNICORN_WORKERS", "2"),
        "GUNICORN_GRACEFUL_TIMEOUT": "5",
        "LOG_FORMAT": "json",
        "PYTHONUNBUFFERED": "1",
        "DEPLOYMENT_ENVIRONMENT": "e2e",
    }
    base.pop("DJANGO_DEBUG", None)
    if name == "property":
        base["SERVICE_TOKENS"] = f"bff={tokens['bff']},financial-service={tokens['financial']}"
    elif name == "financial":
        base["SERVICE_TOKENS"] = f"bff={tokens['bff']}"
        base["PROPERTY_SERVICE_URL"] = f"http://127.0.0.1:{SERVICES['property'][1]}"
        base["PROPERTY_SERVICE_TOKEN"] = tokens["financial"]
    elif name == "maintenance":
        base["SERVICE_TOKENS"] = f"bff={tokens['bff']}"
        base["MEDIA_ROOT"] = str(stack_dir / "maintenance-media")
    else:
        for downstream in ("property", "financial", "maintenance"):
            prefix = f"{downstream.upper()}_SERVICE"
            base[f"{prefix}_URL"] = f"http://127.0.0.1:{SERVICES[downstream][1]}"
            base[f"{prefix}_TOKEN"] = tokens["bff"]
        origins = [
            f"http://{host}:{port}" for port in PORTAL_APPS.values() for host in ("localhost", "127.0.0.1")
        ]
        base["DJANGO_CSRF_TRUSTED_ORIGINS"] = ",".join(origins)
        base["TENANT_PORTAL_URL"] = f"http://localhost:{PORTAL_APPS['tenant-portal']}"
        base["EMAIL_BACKEND"] = "django.core.mail.backends.console.EmailBackend"  # no SMTP server here
    return base


def start_stack(stack_dir: Path, *, portals: bool = True) -> dict:
    started = time.monotonic()
    taken = [p for p in [*(port for _, port in SERVICES.values()), *PORTAL_APPS.values()] if port_taken(p)]
    if taken:
        raise RuntimeError(
            f"ports already in use: {taken}. Stop what runs there (make dev?) or choose others with "
            "E2E_STACK_API_PORT / E2E_STACK_PORTAL_PORT."
        )
    stack_dir.mkdir(parents=True, exist_ok=True)
    logs = stack_dir / "logs"
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir()
    pg_dir = stack_dir / "pg"
    pgserver.stop(pg_dir)  # a previous run killed before its teardown
    shutil.rmtree(pg_dir, ignore_errors=True)
    shutil.rmtree(stack_dir / "maintenance-media", ignore_errors=True)
    server = pgserver.start(pg_dir, PG_PORT)
    log(f"PostgreSQL: fresh server at {server} ({pg_dir})")
    databases = {name: f"{server}/e2e_{folder}" for name, (folder, _) in SERVICES.items()}
    pgserver.createdb(PG_PORT, [url.rsplit("/", 1)[1] for url in databases.values()])

    state: dict = {"pg_dir": str(pg_dir), "processes": {}}
    write_state(stack_dir, state)
    # The portal build (node) and the Django preparation (python) overlap: both mostly wait on the CPU
    # in turns, and the build alone is the longest step.
    pool = ThreadPoolExecutor(max_workers=3)
    try:
        build = pool.submit(build_portals, logs) if portals else None
        prepared = [
            pool.submit(prepare_project, folder, databases[name], logs)
            for name, (folder, _) in SERVICES.items()
        ]
        for future in prepared:
            future.result()
        log(f"services: migrated, seeded, static files collected ({time.monotonic() - started:.0f}s)")

        tokens = {"bff": secrets.token_urlsafe(32), "financial": secrets.token_urlsafe(32)}
        # For suites that call the services as their callers do (tests/api): this throwaway stack only.
        state["tokens"] = tokens
        state["api_urls"] = {name: f"http://127.0.0.1:{port}" for name, (_, port) in SERVICES.items()}
        for name, (folder, port) in SERVICES.items():
            spec = {
                "cmd": [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "config.wsgi:application"],
                "cwd": str(ROOT / folder),
                "env": service_env(name, databases[name], tokens, stack_dir),
                "log": str(logs / f"{name}.log"),
                "probe": f"http://127.0.0.1:{port}/readyz",
            }
            spec["pid"] = launch(spec)
            state["processes"][name] = spec
            write_state(stack_dir, state)
        if build:
            build.result()
    finally:
        # On a failure or an interrupt, do not wait for the others: the teardown stops what started.
        pool.shutdown(wait=False, cancel_futures=True)

    for app, port in PORTAL_APPS.items() if portals else ():
        server_js = install_portal(app, stack_dir)
        spec = {
            "cmd": ["node", str(server_js)],
            "cwd": str(server_js.parent),
            "env": {
                **os.environ,
                "NODE_ENV": "production",
                "NEXT_TELEMETRY_DISABLED": "1",
                "PORT": str(port),
                "HOSTNAME": "127.0.0.1",
                "BFF_URL": f"http://127.0.0.1:{API_PORT}",
            },
            "log": str(logs / f"{app}.log"),
            "probe": f"http://127.0.0.1:{port}/healthz",
        }
        spec["pid"] = launch(spec)
        state["processes"][app] = spec
        write_state(stack_dir, state)

    wait_ready(state, list(state["processes"]))
    log(f"ready in {time.monotonic() - started:.0f}s — logs in {logs}")
    return state


def stop_stack(stack_dir: Path) -> None:
    if not state_path(stack_dir).exists():
        return
    state = read_state(stack_dir)  # re-read: `start maintenance` may have changed a pid
    terminate(*(spec["pid"] for spec in state["processes"].values()))
    pgserver.stop(Path(state["pg_dir"]))
    state_path(stack_dir).unlink(missing_ok=True)
    log("stopped")


def stop_one(stack_dir: Path, name: str) -> None:
    state = read_state(stack_dir)
    spec = state["processes"][name]
    terminate(spec["pid"])
    port = int(spec["probe"].split(":")[2].split("/")[0])
    deadline = time.monotonic() + 15
    while port_taken(port) and time.monotonic() < deadline:
        time.sleep(0.1)
    log(f"{name}: stopped")


def start_one(stack_dir: Path, name: str) -> None:
    state = read_state(stack_dir)
    spec = state["processes"][name]
    if alive(spec["pid"]):
        log(f"{name}: already running")
        return
    spec["pid"] = launch(spec)
    write_state(stack_dir, state)
    wait_ready(state, [name])
    log(f"{name}: started")


class Interrupted(Exception):
    pass


def _interrupt(signum, frame):
    raise Interrupted(signal.Signals(signum).name)


def main(argv: list[str]) -> int:
    pytest_args: list[str] = []
    if "--" in argv:
        index = argv.index("--")
        argv, pytest_args = argv[:index], argv[index + 1 :]
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=["run", "up", "stop", "start", "prepare"])
    parser.add_argument("service", nargs="?", choices=[*SERVICES, *PORTAL_APPS])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="the stack's state folder")
    parser.add_argument(
        "--no-portals", action="store_true", help="only the APIs (tests/api needs no browser)"
    )
    args = parser.parse_args(argv)
    stack_dir = args.dir.resolve()

    if args.command == "prepare":  # internal: see prepare_project()
        prepare_here()
        return 0
    if args.command in ("stop", "start"):
        if not args.service:
            parser.error(f"{args.command} needs a SERVICE")
        (stop_one if args.command == "stop" else start_one)(stack_dir, args.service)
        return 0

    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    try:
        start_stack(stack_dir, portals=not args.no_portals)
        env = {**os.environ, **urls(), **control_env(stack_dir)}
        if args.command == "up":
            for key, value in {**urls(), **control_env(stack_dir)}.items():
                print(f"export {key}={shlex.quote(value)}")
            log("running; Ctrl-C stops everything")
            while True:
                time.sleep(3600)
        started = time.monotonic()
        # The whole suite unless the arguments name tests of their own.
        named = any(not a.startswith("-") and (ROOT / a.split("::")[0]).exists() for a in pytest_args)
        command = [PYTHON, "-m", "pytest", *([] if named else [str(ROOT / "tests" / "e2e")]), *pytest_args]
        log("running: " + shlex.join(command[2:]))
        code = subprocess.run(command, cwd=ROOT, env=env, check=False).returncode
        log(f"pytest exited {code} after {time.monotonic() - started:.0f}s")
        return code
    except Interrupted as exc:
        log(f"interrupted ({exc})")
        return 130
    except RuntimeError as exc:
        log(f"failed: {exc}")
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the teardown short
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop_stack(stack_dir)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
