from pathlib import Path

from servicekit.conf.database import database_from_env
from servicekit.conf.defaults import *
from servicekit.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SERVICE_NAME = "financial-service"

INSTALLED_APPS = [*DJANGO_APPS, *THIRD_PARTY_APPS, "billing"]
ROOT_URLCONF = "config.urls"
DATABASES = {"default": database_from_env(sqlite_path=BASE_DIR.parent / "var" / "dev" / "financial.sqlite3")}
STATIC_ROOT = BASE_DIR / "staticfiles"
LOGGING = logging_config(SERVICE_NAME)

# Invoices take their lease's currency; a tenant with no invoice yet has a zero balance in this one.
BILLING_DEFAULT_CURRENCY = env_str("BILLING_DEFAULT_CURRENCY", "USD")

SPECTACULAR_SETTINGS = {
    **SPECTACULAR_SETTINGS,
    "TITLE": "financial-service",
    "DESCRIPTION": "Invoices, payments (exactly once, with Idempotency-Key) and tenant balances (internal API).",
    # Invoices and payments both have a "status": name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "InvoiceStatusEnum": "billing.models.Invoice.Status",
        "PaymentStatusEnum": "billing.models.Payment.Status",
        "PaymentMethodEnum": "billing.models.Payment.Method",
    },
}
