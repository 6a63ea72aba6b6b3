"""Business metrics: counters and histograms named once, exported with the service's OTLP metrics.

Instruments made at import time are fine: the API's proxy meter binds them to the real provider
when :func:`servicekit.telemetry.setup_telemetry` runs.
"""

from __future__ import annotations

from opentelemetry import metrics

_meter = metrics.get_meter("servicekit.business")


def counter(name: str, *, unit: str = "1", description: str = ""):
    return _meter.create_counter(name, unit=unit, description=description)


def histogram(name: str, *, unit: str, description: str = ""):
    return _meter.create_histogram(name, unit=unit, description=description)
