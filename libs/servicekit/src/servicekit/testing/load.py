"""A small HTTP load generator for benchmarks: keep-alive clients in several processes, fixed duration.

Client processes (not just threads) so that the generator's own GIL does not cap what a server on the
same machine can be shown to do. Each client thread keeps one connection and cycles through the
given paths, starting at its own offset, so concurrent clients ask different questions.
"""

from __future__ import annotations

import http.client
import multiprocessing
import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies: tuple[float, ...]  # seconds, sorted

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile_ms(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        index = min(len(self.latencies) - 1, int(len(self.latencies) * p / 100))
        return self.latencies[index] * 1000


def _client(port: int, paths: list[str], headers: dict, threads: int, offset: int, seconds: float, queue):
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def loop(start: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        local: list[float] = []
        i = start
        while time.perf_counter() < deadline:
            path = paths[i % len(paths)]
            i += 1
            began = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                with lock:
                    errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            if response.status != 200:
                with lock:
                    errors[0] += 1
            local.append(time.perf_counter() - began)
        conn.close()
        with lock:
            latencies.extend(local)

    workers = [threading.Thread(target=loop, args=(offset + n * 7919,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    queue.put((errors[0], latencies))


def run_load(
    port: int,
    paths: list[str],
    *,
    headers: dict[str, str] | None = None,
    concurrency: int = 8,
    processes: int = 2,
    seconds: float = 10.0,
) -> LoadResult:
    """GET ``paths`` on 127.0.0.1:port from ``concurrency`` connections for ``seconds``."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    per_process = max(1, concurrency // processes)
    procs = [
        context.Process(
            target=_client, args=(port, paths, headers or {}, per_process, p * 104729, seconds, queue)
        )
        for p in range(processes)
    ]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    latencies = tuple(sorted(x for _, lat in results for x in lat))
    return LoadResult(
        requests=len(latencies),
        errors=sum(e for e, _ in results),
        seconds=seconds,
        latencies=latencies,
    )
