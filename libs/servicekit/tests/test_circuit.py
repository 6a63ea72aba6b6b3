import threading

import pytest

from servicekit.circuit import CircuitBreaker, State


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def breaker(clock):
    return CircuitBreaker("property-service", failure_threshold=3, reset_timeout=10.0, clock=clock)


def test_a_new_breaker_is_closed_and_lets_calls_through(breaker):
    assert breaker.state is State.CLOSED
    assert all(breaker.allow() for _ in range(10))
    assert breaker.retry_after() == 0.0


def test_it_opens_after_threshold_consecutive_failures(breaker):
    breaker.record_failure()
    breaker.record_failure()
    assert breaker.state is State.CLOSED
    breaker.record_failure()
    assert breaker.state is State.OPEN
    assert breaker.allow() is False


def test_a_success_resets_the_failure_count(breaker):
    breaker.record_failure()
    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()
    breaker.record_failure()
    assert breaker.state is State.CLOSED


def test_open_says_how_long_to_wait(breaker, clock):
    for _ in range(3):
        breaker.record_failure()
    assert breaker.retry_after() == 10.0
    clock.advance(4)
    assert breaker.retry_after() == 6.0
    assert breaker.allow() is False


def test_after_the_reset_timeout_it_is_half_open_and_allows_one_trial(breaker, clock):
    for _ in range(3):
        breaker.record_failure()
    clock.advance(9.99)
    assert breaker.state is State.OPEN
    clock.advance(0.01)
    assert breaker.state is State.HALF_OPEN
    assert breaker.allow() is True
    assert breaker.allow() is False, "only one trial call at a time"


def test_a_successful_trial_closes_it(breaker, clock):
    for _ in range(3):
        breaker.record_failure()
    clock.advance(10)
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state is State.CLOSED
    assert breaker.allow() and breaker.allow()


def test_a_failed_trial_opens_it_again_for_a_full_timeout(breaker, clock):
    for _ in range(3):
        breaker.record_failure()
    clock.advance(10)
    assert breaker.allow()
    breaker.record_failure()
    assert breaker.state is State.OPEN
    assert breaker.retry_after() == 10.0
    clock.advance(9)
    assert breaker.allow() is False
    clock.advance(1)
    assert breaker.allow() is True


def test_concurrent_callers_get_exactly_one_trial(breaker, clock):
    for _ in range(3):
        breaker.record_failure()
    clock.advance(10)
    results: list[bool] = []
    barrier = threading.Barrier(8)

    def call():
        barrier.wait()
        results.append(breaker.allow())

    threads = [threading.Thread(target=call) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(True) == 1
