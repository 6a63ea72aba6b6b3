"""Kubernetes probes: ``/healthz`` says the process is alive; ``/readyz`` that it can serve."""

from __future__ import annotations

import logging

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    # Deliberately touches nothing outside the process: a slow database must not get pods killed.
    return JsonResponse({"status": "ok"})


def _readiness_problems() -> list[str]:
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any driver error means "not ready", never a 500
        logger.warning("readiness: database unreachable", extra={"error": str(exc)})
        return ["database unreachable"]
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        return [f"{len(pending)} migration(s) not applied"]
    return []


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    problems = _readiness_problems()
    if problems:
        return JsonResponse({"status": "unavailable", "problems": problems}, status=503)
    return JsonResponse({"status": "ok"})
