"""Gunicorn settings shared by every Django project (star-imported by each ``gunicorn.conf.py``).

Each project's config sets ``OTEL_SERVICE_NAME`` and ``DJANGO_SETTINGS_MODULE`` defaults first.
Everything an operator tunes is an environment variable.
"""

from __future__ import annotations

import os

from gunicorn.glogging import Logger

from servicekit.env import env_int, env_str
from servicekit.logs import logging_config

_service = os.environ.get("OTEL_SERVICE_NAME", "unknown-service")

bind = env_str("GUNICORN_BIND", f"0.0.0.0:{env_int('PORT', 8000)}")
workers = env_int("GUNICORN_WORKERS", 2)
threads = env_int("GUNICORN_THREADS", 4)
worker_class = "gthread"
timeout = env_int("GUNICORN_TIMEOUT", 30)
# Kubernetes' terminationGracePeriodSeconds is this plus the preStop pause (see the Helm library).
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = env_int("GUNICORN_KEEPALIVE", 5)
max_requests = env_int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 0)
# The control socket lives in ~/.gunicorn; several servers on one machine (or a read-only root
# filesystem) fight over it, and nothing here uses it.
control_socket_disable = True
worker_tmp_dir = env_str("GUNICORN_WORKER_TMP_DIR", "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp")  # noqa: S108
forwarded_allow_ips = env_str("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
logconfig_dict = logging_config(_service)


class JsonAccessLogger(Logger):
    """Gunicorn's access log as structured fields, in the same JSON as the application's log."""

    def access(self, resp, req, environ, request_time) -> None:
        if not self.access_log_enabled:
            return
        headers = {k.lower(): v for k, v in (resp.headers or [])}
        # traceresponse: 00-<trace id>-<span id>-01, set by servicekit.telemetry.TraceResponseMiddleware
        parts = headers.get("traceresponse", "").split("-")
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        duration_ms = request_time.seconds * 1000 + request_time.microseconds / 1000
        self.access_log.info(
            "%s %s %s",
            environ.get("REQUEST_METHOD"),
            environ.get("RAW_URI"),
            status,
            extra={
                "http_method": environ.get("REQUEST_METHOD"),
                "http_path": environ.get("PATH_INFO"),
                "http_status": int(status),
                "duration_ms": round(duration_ms, 2),
                "response_bytes": getattr(resp, "sent", None),
                "remote_addr": environ.get("REMOTE_ADDR"),
                "user_agent": environ.get("HTTP_USER_AGENT"),
                "request_id": headers.get("x-request-id", ""),
                "trace_id": parts[1] if len(parts) == 4 else "",
                "span_id": parts[2] if len(parts) == 4 else "",
            },
        )


logger_class = JsonAccessLogger


def post_fork(server, worker) -> None:
    # Exporter threads do not survive fork(): each worker sets up its own telemetry.
    from servicekit.telemetry import setup_telemetry

    setup_telemetry(service_name=_service)


def worker_exit(server, worker) -> None:
    from servicekit.telemetry import shutdown

    shutdown()
