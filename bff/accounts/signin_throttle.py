"""Throttled sign-in: repeated failures slow down, then lock out for a while.

Counted per account (the email tried, whether or not it exists, so the answers reveal nothing) and
per client IP (more leniently: many people may share one). After ``FREE`` failures the next attempt
must wait 1 s, then 2 s, 4 s, ...; at ``LOCKOUT`` failures the key is locked for LOCKOUT_SECONDS.
Attempts that arrive too early are refused with 429 before any password is checked, so guessing
gains nothing. Counts live in the database: every gunicorn worker and pod sees the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import SignInThrottle


@dataclass(frozen=True)
class Policy:
    free_failures: int
    lockout_failures: int

    def delay(self, failures: int) -> float:
        """Seconds the next attempt must wait after this many consecutive failures."""
        lockout = settings.SIGNIN_LOCKOUT_SECONDS
        if failures >= self.lockout_failures:
            return lockout
        if failures < self.free_failures:
            return 0
        return min(2 ** (failures - self.free_failures), lockout)


def _keys(email: str, ip: str | None) -> dict[str, Policy]:
    keys = {
        f"account:{email.strip().lower()}": Policy(
            settings.SIGNIN_ACCOUNT_FREE_FAILURES, settings.SIGNIN_ACCOUNT_LOCKOUT_FAILURES
        )
    }
    if ip:
        keys[f"ip:{ip}"] = Policy(settings.SIGNIN_IP_FREE_FAILURES, settings.SIGNIN_IP_LOCKOUT_FAILURES)
    return keys


def seconds_until_allowed(*, email: str, ip: str | None) -> int:
    """0 when an attempt may be checked now; otherwise whole seconds to wait (Retry-After)."""
    now = timezone.now()
    blocked = SignInThrottle.objects.filter(
        key__in=list(_keys(email, ip)), blocked_until__gt=now
    ).values_list("blocked_until", flat=True)
    return max((math.ceil((until - now).total_seconds()) for until in blocked), default=0)


@transaction.atomic
def record_failure(*, email: str, ip: str | None) -> None:
    now = timezone.now()
    window = timedelta(seconds=settings.SIGNIN_FAILURE_WINDOW_SECONDS)
    for key, policy in _keys(email, ip).items():
        # The row lock makes concurrent failures count one by one.
        row, created = SignInThrottle.objects.select_for_update().get_or_create(
            key=key, defaults={"last_failure_at": now}
        )
        if not created and now - row.last_failure_at > window:
            row.failures = 0  # an old streak is forgotten
        row.failures += 1
        row.last_failure_at = now
        delay = policy.delay(row.failures)
        row.blocked_until = now + timedelta(seconds=delay) if delay else None
        row.save(update_fields=["failures", "last_failure_at", "blocked_until"])


def record_success(*, email: str) -> None:
    """The account's streak ends (the IP's does not: one good account must not unlock guessing)."""
    SignInThrottle.objects.filter(key=f"account:{email.strip().lower()}").delete()


def clear_account(*, email: str) -> None:
    """After a password reset the owner may sign in at once."""
    record_success(email=email)
