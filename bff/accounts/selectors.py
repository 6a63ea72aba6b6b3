from __future__ import annotations

from django.contrib.auth import get_user_model

from accounts.models import TenantAccount


def normalize_email(email: str) -> str:
    """Accounts are found by email, whatever its case: it is the username, in lower case."""
    return email.strip().lower()


def tenant_account_get_by_email(email: str) -> TenantAccount | None:
    return (
        TenantAccount.objects.select_related("user")
        .filter(user__username=normalize_email(email), user__is_active=True)
        .first()
    )


def user_get_by_pk(pk) -> object | None:
    return get_user_model().objects.filter(pk=pk, is_active=True).select_related("tenant_account").first()
