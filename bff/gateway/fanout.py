"""Concurrent downstream calls with one deadline: latency near the slowest call, not the sum.

Each call runs in a thread pool of its own service (a bulkhead: a hanging service fills its own pool,
never the threads the other services' calls need) inside a copy of the caller's ``contextvars``
context, so the trace context, the request id and the deadline travel with it. A call still running
at the deadline is left to finish on its own (its read timeout is cut to the time that was left, see
``gateway.downstreams``) and counts as missing.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from gateway import downstreams

_executors: dict[str, ThreadPoolExecutor] = {}
_executors_lock = threading.Lock()


def executor(service: str) -> ThreadPoolExecutor:
    # Made on first use, i.e. after gunicorn's fork: threads do not survive fork().
    with _executors_lock:
        if service not in _executors:
            _executors[service] = ThreadPoolExecutor(
                max_workers=settings.DOWNSTREAM_MAX_THREADS, thread_name_prefix=f"{service}-call"
            )
        return _executors[service]


class DeadlineExceeded(Exception):
    """The call had not finished when the budget ran out."""


@dataclass
class Gathered:
    results: dict[str, Any] = field(default_factory=dict)
    failures: dict[str, BaseException] = field(default_factory=dict)


def gather(calls: dict[str, tuple[str, Callable[[], Any]]], *, budget: float) -> Gathered:
    """Run every ``name: (service, call)`` concurrently; collect what has finished within ``budget`` s."""
    with downstreams.deadline_in(budget):
        futures: dict[str, Future] = {
            # One context copy per call: a Context cannot be entered by two threads at once.
            name: executor(service).submit(contextvars.copy_context().run, call)
            for name, (service, call) in calls.items()
        }
    wait(futures.values(), timeout=budget)
    gathered = Gathered()
    for name, future in futures.items():
        if not future.done():
            future.cancel()  # if it has not started yet, it never will
            gathered.failures[name] = DeadlineExceeded(f"{name}: no answer within {budget:.2f}s")
        elif future.exception() is not None:
            gathered.failures[name] = future.exception()
        else:
            gathered.results[name] = future.result()
    return gathered
