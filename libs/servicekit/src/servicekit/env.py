"""Typed reads of environment variables: the one way every service reads its configuration."""

from __future__ import annotations

import os
from collections.abc import Mapping


class ImproperlyConfiguredEnv(RuntimeError):
    """A required variable is missing or malformed."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_MISSING = object()


def _raw(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """``NAME`` from the environment, or the content of the file named by ``NAME_FILE``.

    The ``_FILE`` form keeps secrets out of the environment listing (docker compose and Kubernetes
    mount them as files), as the official database images do.
    """
    environ = os.environ if environ is None else environ
    value = environ.get(name)
    if value is not None:
        return value
    path = environ.get(f"{name}_FILE")
    if path:
        try:
            with open(path, encoding="utf-8") as handle:
                return handle.read().strip()
        except OSError as exc:
            raise ImproperlyConfiguredEnv(
                f"{name}_FILE names {path!r}, which cannot be read: {exc}."
            ) from exc
    return None


def env_str(name: str, default: str | object = _MISSING) -> str:
    value = _raw(name)
    if value is None:
        if default is _MISSING:
            raise ImproperlyConfiguredEnv(f"Set the environment variable {name}.")
        return default  # type: ignore[return-value]
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfiguredEnv(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = _raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfiguredEnv(f"{name} must be an integer, not {value!r}.") from exc


def env_float(name: str, default: float) -> float:
    value = _raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        return float(value)
    except ValueError as exc:
        raise ImproperlyConfiguredEnv(f"{name} must be a number, not {value!r}.") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list; blanks dropped."""
    value = _raw(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_map(name: str, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """``key=value,key2=value2`` as a dict (e.g. SERVICE_TOKENS: caller name -> token)."""
    raw = _raw(name, environ) or ""
    result: dict[str, str] = {}
    for item in raw.split(","):
        item = item.strip()
        if not item:
            continue
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ImproperlyConfiguredEnv(f"{name} must look like 'name=value,name2=value2'.")
        result[key.strip()] = value.strip()
    return result
