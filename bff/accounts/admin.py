import smtplib

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError

from accounts import selectors, services
from accounts.models import SignInThrottle, TenantAccount


class TenantAccountCreationForm(forms.ModelForm):
    """Staff create a tenant's portal account: the Django user and its link to the tenant."""

    email = forms.EmailField(help_text="The tenant signs in with it; the reset email goes there")
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    password = forms.CharField(
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Leave empty to email the tenant a link to choose their own (recommended).",
    )

    class Meta:
        model = TenantAccount
        fields = ["tenant_id", "email", "first_name", "last_name", "password"]

    def clean_email(self) -> str:
        email = selectors.normalize_email(self.cleaned_data["email"])
        if get_user_model().objects.filter(username=email).exists():
            raise ValidationError("An account with this email exists already.")
        return email

    def clean_password(self) -> str:
        password = self.cleaned_data.get("password") or ""
        if password:
            password_validation.validate_password(password)
        return password


@admin.register(TenantAccount)
class TenantAccountAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "tenant_id", "is_active", "last_login", "created_at"]
    list_filter = ["user__is_active"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "tenant_id"]
    readonly_fields = ["user", "created_at", "last_login"]
    fields = ["tenant_id", "user", "last_login", "created_at"]
    actions = ["send_password_reset", "deactivate", "reactivate"]
    list_select_related = ["user"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = TenantAccountCreationForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return TenantAccountCreationForm.Meta.fields if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        data = form.cleaned_data
        account = services.tenant_account_create(
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            tenant_id=data["tenant_id"],
            password=data["password"] or None,
        )
        obj.pk, obj.user = account.pk, account.user
        if not data["password"]:
            self._send_reset(request, account)

    def _send_reset(self, request, account: TenantAccount) -> None:
        try:
            services.password_reset_send(account=account)
        except (OSError, smtplib.SMTPException) as exc:
            self.message_user(request, f"Could not email {account.user.email}: {exc}", messages.ERROR)
        else:
            self.message_user(request, f"A link to choose a password was emailed to {account.user.email}.")

    @admin.display(ordering="user__email")
    def email(self, obj: TenantAccount) -> str:
        return obj.user.email

    @admin.display(description="name")
    def full_name(self, obj: TenantAccount) -> str:
        return obj.user.get_full_name()

    @admin.display(boolean=True, ordering="user__is_active")
    def is_active(self, obj: TenantAccount) -> bool:
        return obj.user.is_active

    @admin.display(ordering="user__last_login")
    def last_login(self, obj: TenantAccount):
        return obj.user.last_login

    @admin.action(description="Email a password reset link")
    def send_password_reset(self, request, queryset):
        for account in queryset.select_related("user"):
            self._send_reset(request, account)

    @admin.action(description="Deactivate (cannot sign in; sessions end)")
    def deactivate(self, request, queryset):
        users = get_user_model().objects.filter(tenant_account__in=queryset)
        count = users.update(is_active=False)
        self.message_user(request, f"Deactivated {count} account(s).", messages.WARNING)

    @admin.action(description="Reactivate")
    def reactivate(self, request, queryset):
        count = get_user_model().objects.filter(tenant_account__in=queryset).update(is_active=True)
        self.message_user(request, f"Reactivated {count} account(s).")


@admin.register(SignInThrottle)
class SignInThrottleAdmin(admin.ModelAdmin):
    list_display = ["key", "failures", "last_failure_at", "blocked_until"]
    search_fields = ["key"]
    readonly_fields = ["key", "failures", "last_failure_at", "blocked_until"]
    actions = ["unlock"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Unlock (forget the failed attempts)")
    def unlock(self, request, queryset):
        count, _ = queryset.delete()
        self.message_user(request, f"Unlocked {count} key(s).")
