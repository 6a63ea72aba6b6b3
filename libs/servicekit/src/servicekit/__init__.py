"""What every service of the platform does the same way, in one place.

Modules: ``conf`` (settings from the environment), ``logs`` (JSON logging), ``telemetry``
(OpenTelemetry), ``health`` (/healthz, /readyz), ``auth`` (service tokens), ``problem``
(RFC 9457 errors), ``request_id`` (X-Request-ID), ``client`` (outbound HTTP), ``metrics``.
"""

__version__ = "0.1.0"
