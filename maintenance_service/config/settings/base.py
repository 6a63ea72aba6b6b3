from pathlib import Path

from servicekit.conf.database import database_from_env
from servicekit.conf.defaults import *
from servicekit.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SERVICE_NAME = "maintenance-service"

INSTALLED_APPS = [*DJANGO_APPS, *THIRD_PARTY_APPS, "workorders"]
ROOT_URLCONF = "config.urls"
DATABASES = {
    "default": database_from_env(sqlite_path=BASE_DIR.parent / "var" / "dev" / "maintenance.sqlite3")
}
STATIC_ROOT = BASE_DIR / "staticfiles"
LOGGING = logging_config(SERVICE_NAME)

# Tenants' photos, written through Django's storage API. Never served as public media: the API
# streams them to the BFF after checking the tenant (MEDIA_URL stays unrouted on purpose).
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR.parent / "var" / "dev" / "maintenance-media"))
MEDIA_URL = "/media/"
# Larger uploads go to a temporary file instead of memory (five photos of 5 MB per request).
FILE_UPLOAD_MAX_MEMORY_SIZE = 1_048_576

SPECTACULAR_SETTINGS = {
    **SPECTACULAR_SETTINGS,
    "TITLE": "maintenance-service",
    "DESCRIPTION": "Work orders: tenants' maintenance requests, status history, comments and photos "
    "(internal API).",
    # One enum per choice set, however many fields use it.
    "ENUM_NAME_OVERRIDES": {
        "WorkOrderStatusEnum": "workorders.models.Status",
        "CategoryEnum": "workorders.models.Category",
        "PriorityEnum": "workorders.models.Priority",
        "ActorKindEnum": "workorders.models.ActorKind",
    },
}
