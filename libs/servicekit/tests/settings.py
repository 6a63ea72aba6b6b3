"""The smallest Django project servicekit needs to be tested as every service uses it."""

from pathlib import Path

from servicekit.conf.database import database_from_env
from servicekit.conf.defaults import *  # noqa: F403  (shared settings, as in every project)
from servicekit.conf.defaults import DJANGO_APPS, STORAGES, THIRD_PARTY_APPS
from servicekit.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent
SERVICE_NAME = "servicekit-tests"
INSTALLED_APPS = [*DJANGO_APPS, *THIRD_PARTY_APPS]
ROOT_URLCONF = "tests.urls"
DATABASES = {"default": database_from_env(sqlite_path=BASE_DIR.parent / "var" / "servicekit.sqlite3")}
LOGGING = logging_config(SERVICE_NAME)
SERVICE_COMPONENT = "all"
SERVICE_TOKENS = {"bff": "test-token-bff", "financial-service": "test-token-financial"}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
TELEMETRY_IN_MEMORY = True
