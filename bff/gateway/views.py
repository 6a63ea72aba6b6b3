"""Base views of the BFF's public API. Tenant scoping starts here, once."""

from __future__ import annotations

import uuid
from functools import cached_property

from rest_framework.generics import GenericAPIView
from rest_framework.permissions import SAFE_METHODS

from gateway.authentication import IsTenant, enforce_csrf


class PortalAPIView(GenericAPIView):
    """Every portal endpoint: unsafe methods need the CSRF token, signed in or not."""

    def check_permissions(self, request) -> None:
        super().check_permissions(request)  # first, so "sign in" (401) wins over "no CSRF token" (403)
        if request.method not in SAFE_METHODS:
            enforce_csrf(request)


class TenantAPIView(PortalAPIView):
    """An endpoint of the signed-in tenant.

    ``tenant_id`` comes from the session's account, never from the request: views pass it to every
    selector and service, which pass it to every downstream call and check what comes back
    (gateway.scoping).
    """

    permission_classes = [IsTenant]

    @cached_property
    def tenant_id(self) -> uuid.UUID:
        return self.request.user.tenant_account.tenant_id

    @property
    def account(self):
        return self.request.user.tenant_account
