import io
import json
import logging.config
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from gunicorn.config import Config

from servicekit import gunicorn_conf
from servicekit.logs import logging_config

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
SPAN_ID = "00f067aa0ba902b7"


@pytest.fixture
def access_logger():
    """Gunicorn's logger class as gunicorn.conf.py installs it, writing to a buffer."""
    stream = io.StringIO()
    config = logging_config("property-service")
    config["handlers"]["stdout"]["stream"] = stream
    cfg = Config()
    cfg.set("accesslog", "-")
    cfg.set("logconfig_dict", config)
    logger = gunicorn_conf.JsonAccessLogger(cfg)
    yield logger, stream
    logging.config.dictConfig(settings.LOGGING)


def access(logger, headers, status="201 Created"):
    response = SimpleNamespace(status=status, headers=headers, sent=321)
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": "/api/v1/applications/?src=market",
        "PATH_INFO": "/api/v1/applications/",
        "REMOTE_ADDR": "10.0.0.7",
        "HTTP_USER_AGENT": "bff/1.0",
    }
    logger.access(response, None, environ, timedelta(milliseconds=12, microseconds=345))


def test_access_line_is_json_with_the_trace_id_from_traceresponse(access_logger):
    logger, stream = access_logger
    access(
        logger,
        [
            ("Content-Type", "application/json"),
            ("traceresponse", f"00-{TRACE_ID}-{SPAN_ID}-01"),
            ("X-Request-ID", "req-77"),
        ],
    )
    (line,) = stream.getvalue().splitlines()
    record = json.loads(line)
    assert record["logger"] == "gunicorn.access"
    assert record["service"] == "property-service"
    assert record["message"] == "POST /api/v1/applications/?src=market 201"
    assert record["trace_id"] == TRACE_ID
    assert record["span_id"] == SPAN_ID
    assert record["request_id"] == "req-77"
    assert record["http_method"] == "POST"
    assert record["http_path"] == "/api/v1/applications/"
    assert record["http_status"] == 201
    assert record["duration_ms"] == 12.35
    assert record["response_bytes"] == 321
    assert record["remote_addr"] == "10.0.0.7"
    assert record["user_agent"] == "bff/1.0"


def test_access_line_without_traceresponse_has_empty_ids(access_logger):
    logger, stream = access_logger
    access(logger, [("Content-Type", "text/plain")], status="404 Not Found")
    record = json.loads(stream.getvalue())
    assert (record["trace_id"], record["span_id"], record["request_id"]) == ("", "", "")
    assert record["http_status"] == 404


def test_gunicorn_error_log_is_json_too(access_logger):
    logger, stream = access_logger
    logger.info("Booting worker with pid: %s", 42)
    record = json.loads(stream.getvalue())
    assert record["logger"] == "gunicorn.error"
    assert record["message"] == "Booting worker with pid: 42"


def test_shared_settings(monkeypatch):
    assert gunicorn_conf.logger_class is gunicorn_conf.JsonAccessLogger
    assert gunicorn_conf.control_socket_disable is True
    assert gunicorn_conf.worker_class == "gthread"
    assert gunicorn_conf.accesslog == "-"
    assert callable(gunicorn_conf.post_fork) and callable(gunicorn_conf.worker_exit)
