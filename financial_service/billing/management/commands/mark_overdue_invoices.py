from django.core.management.base import BaseCommand

from billing import services


class Command(BaseCommand):
    help = "Mark open invoices past their due date as overdue (daily; the rent run also does it)."

    def handle(self, *args, **options):
        changed = services.invoices_mark_overdue()
        self.stdout.write(f"{changed} invoice(s) marked overdue")
