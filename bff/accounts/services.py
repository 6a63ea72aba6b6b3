from __future__ import annotations

import logging
import smtplib
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from accounts import selectors, signin_throttle
from accounts.models import TenantAccount

logger = logging.getLogger(__name__)

INVALID_LINK = "This password reset link is invalid or has expired. Ask for a new one."


@transaction.atomic
def tenant_account_create(
    *, email: str, first_name: str, last_name: str, tenant_id: uuid.UUID, password: str | None = None
) -> TenantAccount:
    """A tenant's portal account. Without a password it cannot sign in until the tenant sets one
    through the password-reset email (``password_reset_send``)."""
    email = selectors.normalize_email(email)
    user = get_user_model()(username=email, email=email, first_name=first_name, last_name=last_name)
    if password:
        password_validation.validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    account = TenantAccount(user=user, tenant_id=tenant_id)
    account.full_clean()
    account.save()
    return account


def password_reset_link(user) -> str:
    query = urlencode(
        {
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        }
    )
    return f"{settings.TENANT_PORTAL_URL.rstrip('/')}{settings.PASSWORD_RESET_PATH}?{query}"


def password_reset_send(*, account: TenantAccount) -> None:
    user = account.user
    link = password_reset_link(user)
    send_mail(
        subject="Reset your tenant portal password",
        message=(
            f"Hello {user.first_name or user.email},\n\n"
            f"To choose a new password for the tenant portal, open this link:\n\n{link}\n\n"
            f"It works once and expires in {settings.PASSWORD_RESET_TIMEOUT // 3600} hours. If you did not "
            "ask for it, ignore this email: your password stays as it is.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )
    logger.info("password reset email sent", extra={"user_id": user.pk})


def password_reset_request(*, email: str) -> None:
    """Send the reset email if an active tenant account has this email; say nothing either way."""
    account = selectors.tenant_account_get_by_email(email)
    if account is None:
        logger.info("password reset asked for an unknown email")
        return
    try:
        password_reset_send(account=account)
    except (OSError, smtplib.SMTPException):
        # The answer must not differ from an unknown email's; operators see it in the logs.
        logger.exception("password reset email could not be sent", extra={"user_id": account.user.pk})


@transaction.atomic
def password_reset_confirm(*, uid: str, token: str, new_password: str) -> None:
    try:
        pk = force_str(urlsafe_base64_decode(uid))
        user = selectors.user_get_by_pk(int(pk))
    except (ValueError, TypeError, OverflowError):
        user = None
    if (
        user is None
        or not hasattr(user, "tenant_account")
        or not default_token_generator.check_token(user, token)
    ):
        raise ValidationError({"token": [INVALID_LINK]})
    password_change(user=user, new_password=new_password)
    # The owner proved they read the account's email: let them in at once.
    signin_throttle.clear_account(email=user.username)


def password_change(*, user, new_password: str) -> None:
    """Set a new password (validated). Changing it also ends the user's other sessions."""
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password": exc.messages}) from exc
    user.set_password(new_password)
    user.save(update_fields=["password"])
