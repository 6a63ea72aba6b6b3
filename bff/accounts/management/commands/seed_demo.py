"""Portal accounts for the demo tenants (servicekit.demo) and the demo staff user.

Every demo tenant signs in with their email and demo.DEMO_PASSWORD. Running it twice changes nothing.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import services
from accounts.models import TenantAccount
from servicekit import demo


class Command(BaseCommand):
    help = "Create the demo tenants' portal accounts and the demo staff user (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        demo.ensure_demo_staff_user()
        created = 0
        for tenant in demo.TENANTS:
            if TenantAccount.objects.filter(tenant_id=tenant.id).exists():
                continue
            services.tenant_account_create(
                email=tenant.email,
                first_name=tenant.first_name,
                last_name=tenant.last_name,
                tenant_id=tenant.id,
                password=demo.DEMO_PASSWORD,
            )
            created += 1
        self.stdout.write(
            f"seed_demo: {len(demo.TENANTS)} tenant accounts ({created} new), password {demo.DEMO_PASSWORD!r}"
        )
