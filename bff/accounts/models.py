from django.conf import settings
from django.db import models


class TenantAccount(models.Model):
    """A portal sign-in: a Django user (username = email, lower case) acting as one tenant.

    ``tenant_id`` is the tenant's id in property-service; every tenant API call is scoped to it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tenant_account"
    )
    tenant_id = models.UUIDField(unique=True, help_text="The tenant's id in property-service")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__email"]

    def __str__(self) -> str:
        return self.user.email

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.email


class SignInThrottle(models.Model):
    """Failed sign-ins counted per key (``account:<email>`` or ``ip:<address>``).

    A row exists only after a failure; a successful sign-in deletes the account's row.
    """

    key = models.CharField(max_length=320, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField()
    blocked_until = models.DateTimeField(
        null=True, blank=True, help_text="No attempt with this key is checked before this time"
    )

    class Meta:
        ordering = ["-last_failure_at"]

    def __str__(self) -> str:
        return self.key
