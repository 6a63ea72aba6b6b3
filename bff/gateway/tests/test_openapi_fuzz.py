"""Schemathesis over the BFF's own OpenAPI schema, signed in as a tenant: whatever the input, no server
error, and every answer is what the schema documents (status, content type, body). Runs the real WSGI
application in-process; its downstream calls go over HTTP to the stand-in services."""

import pytest
import schemathesis
from conftest import make_account
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from fake_services import TENANT_A, _id
from hypothesis import HealthCheck, settings

from servicekit import demo

SESSION = "schemathesis0fuzz0session0000001"
CSRF = "schemathesis0fuzz0csrf0000000001"  # a 32-character CSRF secret, sent as cookie and header
COOKIES = {"csrftoken": CSRF}

# Real objects of the signed-in tenant, swapped into half of the generated paths so that the
# generated bodies reach the code behind the ownership checks.
REAL_IDS = {
    "invoice_id": _id("f", 2),
    "work_order_id": _id("9", 1),
    "listing_id": str(demo.listing_id(demo.UNITS[0].id)),
}

CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {"allow-extra-parameters": False, "database": "none"},  # no .hypothesis/ folder
        # The session cookie of the signed-in tenant (see the `signed_in` fixture).
        "auth": {"openapi": {"sessionCookie": {"api_key": SESSION}}},
        "checks": {
            # A schema-valid request can still meet a rule the schema cannot state: an unknown id
            # (404), a downstream's business rule (400, 409, 422), a throttle (429).
            "positive_data_acceptance": {"expected-statuses": ["2xx", 400, 404, 409, 422, 429]},
            # DRF coerces scalars by design (the number 0 is accepted for a text field, "2" for a
            # count): this check would demand strict JSON typing, which the API does not promise.
            # Input that cannot be read as the field's type is still a 400 per field.
            "negative_data_rejection": {"enabled": False},
        },
    }
)
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application(), config=CONFIG)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # Like Django's test client: the test's transaction lives on the connection a request would close.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def signed_in(db):
    user = make_account(TENANT_A).user
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    # The schema's cookie is fixed at import; give the session that key.
    Session.objects.filter(session_key=session.session_key).update(session_key=SESSION)


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_as_its_schema_says(case, signed_in, platform):
    params = case.path_parameters or {}
    for name, real in REAL_IDS.items():
        if name in params and hash(str(params[name])) % 2:
            params[name] = real
            if "photo_id" in params:
                params["photo_id"] = platform.world.work_orders[real]["photos"][0]["id"]
    r = case.call(headers={"X-CSRFToken": CSRF}, cookies=COOKIES)
    from django.contrib.sessions.models import Session

    print("SESS", list(Session.objects.values_list("session_key", flat=True)), SessionStore(SESSION).load())
    print("CASE", case.method, case.formatted_path, r.status_code, r.request.headers.get("Cookie"))
    case.call_and_validate(headers={"X-CSRFToken": CSRF}, cookies=COOKIES)
