"""Run a function in real threads at the same moment, each on its own database connection."""

import threading
from collections.abc import Callable

from django.db import connection


def run_together(target: Callable[[int], object], count: int) -> list[object]:
    """Call ``target(i)`` in ``count`` threads released together; returns results (or exceptions) in order."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = target(index)
        except Exception as exc:  # the test looks at what each thread got
            results[index] = exc
        finally:
            connection.close()  # each thread opened its own connection

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    return results
