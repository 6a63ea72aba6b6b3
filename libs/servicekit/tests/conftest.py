import io
import json
import logging.config

import pytest
from django.conf import settings

from servicekit.logs import logging_config


class LogCapture:
    """What the service's stdout handler wrote, as text lines or parsed JSON objects."""

    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    def lines(self) -> list[str]:
        return self.stream.getvalue().splitlines()

    def records(self) -> list[dict]:
        return [json.loads(line) for line in self.lines()]


def configure_logging_to(stream: io.StringIO, *, service: str = "svc", fmt: str = "json") -> dict:
    config = logging_config(service, level="DEBUG", fmt=fmt)
    config["handlers"]["stdout"]["stream"] = stream  # the real handler, writing where the test can read
    logging.config.dictConfig(config)
    return config


@pytest.fixture
def service_log():
    """The service's own logging configuration (servicekit.logs.logging_config), writing to a buffer."""
    stream = io.StringIO()
    configure_logging_to(stream)
    yield LogCapture(stream)
    logging.config.dictConfig(settings.LOGGING)


@pytest.fixture
def console_log():
    stream = io.StringIO()
    configure_logging_to(stream, fmt="console")
    yield LogCapture(stream)
    logging.config.dictConfig(settings.LOGGING)
