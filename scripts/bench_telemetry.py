#!/usr/bin/env python
"""What OpenTelemetry costs: throughput of one property-service endpoint with instrumentation on
versus off, side by side in one run. Target: on >= 0.9 x off.

    .venv/bin/python scripts/bench_telemetry.py [--seconds 8] [--rounds 3] [--concurrency 8]

Three gunicorn servers of property-service (the project's gunicorn.conf.py, production settings) on
one PostgreSQL database:
  on   traces (Django, psycopg spans) and metrics exported over OTLP/HTTP to a sink that answers like
       a collector (it reads each export and discards it: the collector's own cost is not the app's);
  off  OTEL_SDK_DISABLED=true (no providers, no instrumentation);
  sampled  as on, keeping 10 % of traces (parentbased_traceidratio 0.1; metrics stay exact): printed
       for comparison, the target is judged on `on`, which keeps every trace.
Rounds alternate the order of the sides so that drift of this shared machine hits them alike; the
median round is reported, with the servers' CPU time per request (from /proc), which the clients'
own load disturbs less than throughput. Load: client processes with keep-alive connections,
GET /api/v1/listings/?city=... (a paginated list: three queries). Exits 1 when on < 0.9 x off.

PostgreSQL: DATABASE_URL's server, or a throwaway one on TEST_PG_PORT (default 54334).
Ports: BENCH_PORT (default 8150) and the next three.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "libs" / "servicekit" / "src"))

import psycopg  # noqa: E402

from servicekit import demo  # noqa: E402
from servicekit.testing import pgserver  # noqa: E402
from servicekit.testing.processes import GunicornProcess, prepare_database  # noqa: E402

TOKEN = "bench-telemetry-token"  # noqa: S105 — a throwaway server on loopback
TARGET = 0.9


class Sink(BaseHTTPRequestHandler):
    """An OTLP/HTTP endpoint that accepts and discards: 200 with an empty protobuf response."""

    protocol_version = "HTTP/1.1"
    exports = 0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        Sink.exports += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def client_process(port: int, path: str, threads: int, seconds: float, queue) -> None:
    """Keep-alive GETs from `threads` threads for `seconds`; puts (count, errors, latencies)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def loop() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        local: list[float] = []
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Authorization": f"Bearer {TOKEN}"})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors[0] += 1
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            local.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(local)

    workers = [threading.Thread(target=loop) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    queue.put((len(latencies), errors[0], latencies))


def server_cpu_seconds(master_pid: int) -> float:
    """User + system CPU of a gunicorn master and its workers, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if master_pid in (int(stat.parent.name), int(fields[1])):
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def load(port: int, path: str, *, concurrency: int, seconds: float, processes: int = 2) -> dict:
    queue = multiprocessing.get_context("fork").Queue()
    per_process = max(1, concurrency // processes)
    procs = [
        multiprocessing.get_context("fork").Process(
            target=client_process, args=(port, path, per_process, seconds, queue)
        )
        for _ in range(processes)
    ]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    latencies = sorted(x for _, _, lat in results for x in lat)
    count = sum(c for c, _, _ in results)
    return {
        "rps": count / seconds,
        "errors": sum(e for _, e, _ in results),
        "p50": latencies[len(latencies) // 2] * 1000 if latencies else float("nan"),
        "p99": latencies[int(len(latencies) * 0.99)] * 1000 if latencies else float("nan"),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="length of one round (default 8)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per side (default 3)")
    parser.add_argument("--concurrency", type=int, default=8, help="client connections (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server (default 2)")
    args = parser.parse_args(argv)

    base_port = int(os.environ.get("BENCH_PORT", "8150"))
    started_pg = None
    server = os.environ.get("DATABASE_URL", "").strip()
    if server:
        server = urlunsplit(urlsplit(server)._replace(path=""))
    else:
        port = int(os.environ.get("TEST_PG_PORT", "54334"))
        started_pg = ROOT / "var" / f"test-pg-{port}"
        server = pgserver.start(started_pg, port)
    sink = ThreadingHTTPServer(("127.0.0.1", base_port + 2), Sink)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    servers: list[GunicornProcess] = []
    try:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute('DROP DATABASE IF EXISTS "bench_telemetry" WITH (FORCE)')
            conn.execute('CREATE DATABASE "bench_telemetry"')
        database = prepare_database(ROOT / "property_service", f"{server}/bench_telemetry")
        common = {"DATABASE_URL": database, "SERVICE_TOKENS": f"bff={TOKEN}", "LOG_LEVEL": "WARNING"}
        off = GunicornProcess(
            ROOT / "property_service",
            port=base_port,
            workers=args.workers,
            env={**common, "OTEL_SDK_DISABLED": "true"},
        )
        exporting = {**common, "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{base_port + 2}"}
        on = GunicornProcess(
            ROOT / "property_service", port=base_port + 1, workers=args.workers, env=exporting
        )
        # The production setting docs/observability.md describes: every metric, 10 % of traces.
        sampled = GunicornProcess(
            ROOT / "property_service",
            port=base_port + 3,
            workers=args.workers,
            env={
                **exporting,
                "OTEL_TRACES_SAMPLER": "parentbased_traceidratio",
                "OTEL_TRACES_SAMPLER_ARG": "0.1",
            },
        )
        sides = [("off", off), ("on", on), ("sampled", sampled)]
        servers = [server.start() for _, server in sides]
        for s in servers:
            s.wait_ready()
        path = f"/api/v1/listings/?city={demo.PROPERTIES[0].city}"
        for s in servers:  # warm up: connections, caches, the first export
            load(s.port, path, concurrency=args.concurrency, seconds=2)

        print(
            f"GET {path} on property-service: {args.workers} gunicorn workers x 4 threads, "
            f"{args.concurrency} keep-alive clients, {args.rounds} x {args.seconds:.0f} s per side"
        )
        print(f"{'round':<7}{'side':<9}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'CPU ms/req':>12}{'errors':>8}")
        results: dict[str, list[dict]] = {name: [] for name, _ in sides}
        for i in range(args.rounds):
            for side, s in sides if i % 2 == 0 else sides[::-1]:
                cpu_before = server_cpu_seconds(s.pid)
                r = load(s.port, path, concurrency=args.concurrency, seconds=args.seconds)
                r["cpu_ms"] = (
                    (server_cpu_seconds(s.pid) - cpu_before) * 1000 / max(1.0, r["rps"] * args.seconds)
                )
                results[side].append(r)
                print(
                    f"{i + 1:<7}{side:<9}{r['rps']:>9.1f}{r['p50']:>9.2f}{r['p99']:>9.2f}"
                    f"{r['cpu_ms']:>12.2f}{r['errors']:>8}"
                )
        rps = {side: statistics.median(r["rps"] for r in rs) for side, rs in results.items()}
        cpu = {side: statistics.median(r["cpu_ms"] for r in rs) for side, rs in results.items()}
        errors = sum(r["errors"] for rs in results.values() for r in rs)
        ratio = rps["on"] / rps["off"]
        print(
            f"median req/s: off {rps['off']:.1f}, on {rps['on']:.1f}, sampled {rps['sampled']:.1f}; "
            f"server CPU per request: off {cpu['off']:.2f} ms, on {cpu['on']:.2f} ms, sampled {cpu['sampled']:.2f} ms"
        )
        print(
            f"on/off = {ratio:.3f} (target >= {TARGET}); sampled/off = {rps['sampled'] / rps['off']:.3f}; "
            f"{Sink.exports} OTLP exports received; {errors} errors"
        )
        ok = ratio >= TARGET and errors == 0
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        for s in servers:
            s.stop()
        sink.shutdown()
        if started_pg is not None:
            pgserver.stop(started_pg)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
