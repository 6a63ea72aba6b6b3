import logging

from django.apps import AppConfig
from django.conf import settings


class ServiceKitConfig(AppConfig):
    name = "servicekit"
    verbose_name = "Service kit"

    def ready(self) -> None:
        from servicekit import openapi  # noqa: F401  (registers the bearer-token scheme for the schema)
        from servicekit.telemetry import setup_telemetry

        # Python warnings would go to stderr as plain text: send them through logging (JSON) instead.
        logging.captureWarnings(True)

        # Under gunicorn post_fork has done this already (first call wins); this covers runserver,
        # management commands and tests.
        setup_telemetry(
            service_name=getattr(settings, "SERVICE_NAME", "unknown-service"),
            in_memory=getattr(settings, "TELEMETRY_IN_MEMORY", False),
        )
