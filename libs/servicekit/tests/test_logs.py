import json
import logging
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from opentelemetry import trace

from servicekit.logs import ContextFilter, logging_config
from servicekit.request_id import bind_request_id

log = logging.getLogger("servicekit.tests.logs")


def test_every_field_is_present_in_one_json_object_per_line(service_log):
    log.info("lease %s signed", "L-1")
    (line,) = service_log.lines()
    (record,) = service_log.records()
    assert line.startswith("{") and line.endswith("}")
    assert list(record)[:8] == [
        "time",
        "level",
        "logger",
        "message",
        "service",
        "trace_id",
        "span_id",
        "request_id",
    ]
    assert record["level"] == "INFO"
    assert record["logger"] == "servicekit.tests.logs"
    assert record["message"] == "lease L-1 signed"
    assert record["service"] == "svc"
    assert record["trace_id"] == record["span_id"] == record["request_id"] == ""


def test_time_is_utc_iso_8601_with_milliseconds(service_log):
    before = datetime.now(UTC)
    log.warning("tick")
    (record,) = service_log.records()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", record["time"])
    logged = datetime.fromisoformat(record["time"].replace("Z", "+00:00"))
    assert abs((logged - before).total_seconds()) < 5


def test_extras_become_fields_and_decimals_stay_exact(service_log):
    log.info("paid", extra={"invoice": "INV-2026-000001", "amount": Decimal("1250.10"), "attempt": 2})
    (record,) = service_log.records()
    assert record["invoice"] == "INV-2026-000001"
    assert record["amount"] == "1250.10"
    assert record["attempt"] == 2


def test_an_exception_is_logged_with_its_traceback_on_the_same_line(service_log):
    try:
        raise ValueError("bad lease dates")
    except ValueError:
        log.exception("could not sign")
    lines = service_log.lines()
    assert len(lines) == 1, "the traceback must not break the one-object-per-line rule"
    (record,) = service_log.records()
    assert record["level"] == "ERROR"
    assert record["message"] == "could not sign"
    assert "Traceback (most recent call last)" in record["exc_info"]
    assert "ValueError: bad lease dates" in record["exc_info"]


def test_stack_info_is_a_field(service_log):
    log.info("where am I", stack_info=True)
    (record,) = service_log.records()
    assert record["stack_info"].startswith("Stack (most recent call last)")


def test_trace_and_span_ids_come_from_the_current_span(service_log):
    tracer = trace.get_tracer("servicekit.tests")
    with tracer.start_as_current_span("work") as span:
        log.info("inside")
        context = span.get_span_context()
    log.info("outside")
    inside, outside = service_log.records()
    assert inside["trace_id"] == f"{context.trace_id:032x}"
    assert inside["span_id"] == f"{context.span_id:016x}"
    assert len(inside["trace_id"]) == 32 and inside["trace_id"] != "0" * 32
    assert outside["trace_id"] == outside["span_id"] == ""


def test_request_id_comes_from_the_bound_context(service_log):
    bind_request_id("req-42")
    try:
        log.info("with id")
    finally:
        bind_request_id(None)
    log.info("without id")
    with_id, without = service_log.records()
    assert with_id["request_id"] == "req-42"
    assert without["request_id"] == ""


def test_ids_passed_explicitly_are_kept_when_no_span_is_current(service_log):
    # Gunicorn's access log runs after the request's span ended and passes the ids it read.
    log.info("access", extra={"trace_id": "a" * 32, "span_id": "b" * 16, "request_id": "r-1"})
    (record,) = service_log.records()
    assert (record["trace_id"], record["span_id"], record["request_id"]) == ("a" * 32, "b" * 16, "r-1")


def test_console_format_is_one_readable_line_with_the_ids(console_log):
    bind_request_id("req-7")
    try:
        log.warning("hello people")
    finally:
        bind_request_id(None)
    (line,) = console_log.lines()
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING servicekit\.tests\.logs \[req=req-7 trace=\] hello people",
        line,
    )


def test_logging_config_reads_level_and_format_from_the_environment(monkeypatch):
    monkeypatch.setenv("LOG_LEVEL", "warning")
    monkeypatch.setenv("LOG_FORMAT", "CONSOLE")
    config = logging_config("svc")
    assert config["root"]["level"] == "WARNING"
    assert config["handlers"]["stdout"]["formatter"] == "console"
    monkeypatch.delenv("LOG_LEVEL")
    monkeypatch.delenv("LOG_FORMAT")
    config = logging_config("svc")
    assert config["root"]["level"] == "INFO"
    assert config["handlers"]["stdout"]["formatter"] == "json"


def test_django_and_gunicorn_loggers_write_through_the_json_handler_only(service_log):
    config = logging_config("svc")
    for name in ("django", "django.server", "gunicorn.error", "gunicorn.access"):
        assert config["loggers"][name]["handlers"] == []
        assert config["loggers"][name]["propagate"] is True
    logging.getLogger("django.request").warning("Not Found: /x")
    logging.getLogger("gunicorn.error").info("Booting worker")
    assert [r["logger"] for r in service_log.records()] == ["django.request", "gunicorn.error"]


def test_context_filter_defaults_the_service_name_to_otel_service_name(monkeypatch):
    monkeypatch.setenv("OTEL_SERVICE_NAME", "from-env")
    record = logging.makeLogRecord({"msg": "x"})
    assert ContextFilter().filter(record) is True
    assert record.service == "from-env"


def test_python_warnings_are_logged_as_json_not_printed_to_stderr():
    # In a fresh process: pytest records warnings itself while a test runs.
    script = "import django, warnings; django.setup(); warnings.warn('No directory at: /app/staticfiles/')"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "OTEL_SDK_DISABLED": "true"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["logger"] == "py.warnings"
    assert "UserWarning: No directory at: /app/staticfiles/" in record["message"]
