"""``DATABASE_URL`` → Django's DATABASES entry. Unset means a local SQLite file (``make dev``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from servicekit.env import ImproperlyConfiguredEnv, env_int, env_str

_POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}


def database_config(url: str | None, *, sqlite_path: Path) -> dict[str, Any]:
    url = (url or "").strip()
    if not url:
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(sqlite_path)}

    parts = urlsplit(url)
    scheme = parts.scheme.split("+", 1)[0]
    if scheme == "sqlite":
        # sqlite:///relative.db or sqlite:////absolute/path.db
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(parts.path[1:] or ":memory:")}
    if scheme not in _POSTGRES_SCHEMES:
        raise ImproperlyConfiguredEnv(
            f"DATABASE_URL scheme {parts.scheme!r} is not supported (use postgresql://)."
        )

    options = dict(parse_qsl(parts.query))
    # ?host=/path/to/socket-dir selects a Unix socket, as libpq does.
    host = options.pop("host", None) or unquote(parts.hostname or "")
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfiguredEnv(
            "DATABASE_URL must name a database: postgresql://user:pass@host:5432/name"
        )
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
        # Persistent connections with a health check: fewer connects, no stale-socket errors.
        "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
    }


def database_from_env(*, sqlite_path: Path) -> dict[str, Any]:
    return database_config(env_str("DATABASE_URL", ""), sqlite_path=sqlite_path)
