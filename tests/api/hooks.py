"""Schemathesis hooks for the BFF's run (SCHEMATHESIS_HOOKS=hooks): Django's CSRF double submit.

The session cookie is the schema's security scheme (schemathesis.toml), so schemathesis knows it is
the credential and also tries each operation without it. CSRF is not a credential: every request
carries the ``csrftoken`` cookie and the matching ``X-CSRFToken`` header, as the portals send them.
"""

import os

import schemathesis


@schemathesis.hook
def before_call(ctx, case, kwargs):
    token = os.environ.get("API_FUZZ_CSRF")
    if token:
        case.cookies = {**(case.cookies or {}), "csrftoken": token}
        case.headers = {**(case.headers or {}), "X-CSRFToken": token}
