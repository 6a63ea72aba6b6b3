"""Logging: one JSON object per line on stdout, carrying service, trace and request ids.

``LOG_FORMAT=console`` switches to a one-line human format for people at a terminal.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from typing import Any

from opentelemetry import trace
from pythonjsonlogger.json import JsonFormatter as _BaseJsonFormatter

from servicekit.request_id import current_request_id

# Attributes every LogRecord has; anything else passed through ``extra=`` is logged as a field.
_RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class ContextFilter(logging.Filter):
    """Stamps each record with the service name and the ids that tie it to a request and a trace."""

    def __init__(self, service: str = "") -> None:
        super().__init__()
        self.service = service or os.environ.get("OTEL_SERVICE_NAME", "unknown-service")

    def filter(self, record: logging.LogRecord) -> bool:
        record.service = self.service
        context = trace.get_current_span().get_span_context()
        # django.request logs a response (extra={"request": ...}) after the request's span has ended.
        request = getattr(record, "request", None)
        if context.is_valid:
            record.trace_id = format(context.trace_id, "032x")
            record.span_id = format(context.span_id, "016x")
        else:
            trace_id, span_id = getattr(request, "trace_ids", ("", ""))
            record.trace_id = getattr(record, "trace_id", "") or trace_id
            record.span_id = getattr(record, "span_id", "") or span_id
        record.request_id = (
            getattr(record, "request_id", "")
            or current_request_id()
            or getattr(request, "request_id", "")
            or ""
        )
        return True


class JsonFormatter(_BaseJsonFormatter):
    """time, level, logger, message, service, trace_id, span_id, request_id, then any extras."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(*args, **kwargs)

    def add_fields(self, log_record: dict[str, Any], record: logging.LogRecord, message_dict: dict) -> None:
        log_record["time"] = (
            datetime.fromtimestamp(record.created, tz=UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z")
        )
        log_record["level"] = record.levelname
        log_record["logger"] = record.name
        log_record["message"] = record.getMessage()
        for field in ("service", "trace_id", "span_id", "request_id"):
            log_record[field] = getattr(record, field, "")
        for key, value in vars(record).items():
            if key not in _RESERVED and key not in log_record and not key.startswith("_"):
                log_record[key] = value
        log_record.update(message_dict)
        if record.exc_info:
            log_record["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            log_record["stack_info"] = self.formatStack(record.stack_info)


def logging_config(service: str, *, level: str | None = None, fmt: str | None = None) -> dict[str, Any]:
    """A ``dictConfig`` for Django's LOGGING and gunicorn's ``logconfig_dict`` alike."""
    level = (level or os.environ.get("LOG_LEVEL", "INFO")).upper()
    fmt = (fmt or os.environ.get("LOG_FORMAT", "json")).lower()
    handler = {
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stdout",
        "formatter": "console" if fmt == "console" else "json",
        "filters": ["context"],
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "servicekit.logs.ContextFilter", "service": service}},
        "formatters": {
            "json": {"()": "servicekit.logs.JsonFormatter"},
            "console": {
                "format": "%(asctime)s %(levelname)-7s %(name)s [req=%(request_id)s trace=%(trace_id)s] %(message)s"
            },
        },
        "handlers": {"stdout": handler},
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {
            # Replace Django's own handlers (plain text on stderr) so that every line is JSON.
            "django": {"handlers": [], "level": level, "propagate": True},
            "django.server": {"handlers": [], "level": level, "propagate": True},
            "gunicorn.error": {"handlers": [], "level": level, "propagate": True},
            "gunicorn.access": {"handlers": [], "level": "INFO", "propagate": True},
        },
    }
