from pathlib import Path

from servicekit.conf.database import database_from_env
from servicekit.conf.defaults import *
from servicekit.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SERVICE_NAME = "property-service"

INSTALLED_APPS = [*DJANGO_APPS, *THIRD_PARTY_APPS, "properties", "leasing"]
ROOT_URLCONF = "config.urls"
DATABASES = {"default": database_from_env(sqlite_path=BASE_DIR.parent / "var" / "dev" / "property.sqlite3")}
STATIC_ROOT = BASE_DIR / "staticfiles"
LOGGING = logging_config(SERVICE_NAME)

SPECTACULAR_SETTINGS = {
    **SPECTACULAR_SETTINGS,
    "TITLE": "property-service",
    "DESCRIPTION": "Properties, units, listings, tenants, leases and rental applications (internal API).",
}
