import os

os.environ.setdefault("OTEL_SERVICE_NAME", "financial-service")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

from servicekit.gunicorn_conf import *  # noqa: F403  (bind, workers, JSON logs, post_fork telemetry)
