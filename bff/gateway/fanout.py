"""Concurrent downstream calls with one deadline: latency near the slowest call, not the sum.

Each call runs in a shared thread pool inside a copy of the caller's ``contextvars`` context, so the
trace context and the request id travel with it (into the logs and the outgoing headers). A call still
running at the deadline is left to finish on its own (its timeout bounds it) and counts as missing.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def executor() -> ThreadPoolExecutor:
    # Made on first use, i.e. after gunicorn's fork: threads do not survive fork().
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(
                max_workers=settings.DOWNSTREAM_MAX_THREADS, thread_name_prefix="downstream"
            )
        return _executor


class DeadlineExceeded(Exception):
    """The call had not finished when the budget ran out."""


@dataclass
class Gathered:
    results: dict[str, Any] = field(default_factory=dict)
    failures: dict[str, BaseException] = field(default_factory=dict)


def gather(calls: dict[str, Callable[[], Any]], *, budget: float) -> Gathered:
    """Run every call concurrently and collect what has finished within ``budget`` seconds."""
    futures: dict[str, Future] = {
        # One context copy per call: a Context cannot be entered by two threads at once.
        name: executor().submit(contextvars.copy_context().run, fn)
        for name, fn in calls.items()
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
