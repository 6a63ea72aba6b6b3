"""The monthly rent run: one invoice per active lease for a period, then overdue invoices are marked.

Reads every active lease from property-service first; writes all invoices in one transaction; an
unreachable property-service ends the run with a non-zero exit and nothing written.
"""

import uuid

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from opentelemetry import trace

from billing import services
from billing.leases import LeaseDataError, active_leases
from billing.periods import Period
from servicekit.client import DownstreamError
from servicekit.request_id import bind_request_id

tracer = trace.get_tracer(__name__)


class Command(BaseCommand):
    help = "Create this month's (or --period's) rent invoices for every active lease; idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--period", help="YYYY-MM (default: the current month)")
        parser.add_argument(
            "--page-size", type=int, default=100, help="leases per request to property-service (1-100)"
        )

    def handle(self, *args, period=None, page_size=100, **options):
        try:
            period = Period.parse(period) if period else Period.of(timezone.localdate())
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if not 1 <= page_size <= 100:
            raise CommandError("--page-size must be between 1 and 100.")

        # One request id and one trace for the whole run, carried to property-service.
        bind_request_id(f"rent-run-{period}-{uuid.uuid4().hex[:8]}")
        with tracer.start_as_current_span("rent run", attributes={"billing.period": str(period)}):
            try:
                leases = active_leases(on=period.first_day, page_size=page_size)
            except (DownstreamError, LeaseDataError) as exc:
                raise CommandError(
                    f"rent run {period}: cannot read active leases from property-service ({exc}); nothing was written."
                ) from exc
            result = services.rent_invoices_create(period=period, leases=leases)
            overdue = services.invoices_mark_overdue()
        self.stdout.write(f"{overdue} invoice(s) marked overdue")
        self.stdout.write(
            f"rent run {result.period}: {result.leases} leases, {result.created} invoices created, "
            f"{result.existing} already existed"
        )
