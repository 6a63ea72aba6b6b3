"""Money: Decimal with two places, never a float (a float cannot hold 0.10 exactly)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_DIGITS = 12  # up to 9,999,999,999.99
AMOUNT_PATTERN = r"^[0-9]{1,10}(\.[0-9]{1,2})?$"  # what an amount sent to us looks like


def to_cents(value: Decimal) -> Decimal:
    """Round half away from zero to whole cents, as PostgreSQL's round(numeric, 2) does."""
    if not isinstance(value, Decimal):
        raise TypeError(f"Money must be a Decimal, not {type(value).__name__}.")
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class MoneyField(models.DecimalField):
    """A DecimalField(12, 2) that refuses floats instead of silently converting them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, float):
            raise TypeError(f"{self.name}: money must be a Decimal or a string, not a float ({value!r}).")
        return super().to_python(value)

    def get_prep_value(self, value):
        if isinstance(value, float):
            raise TypeError(f"{self.name}: money must be a Decimal or a string, not a float ({value!r}).")
        return super().get_prep_value(value)


@extend_schema_field({"type": "string", "format": "decimal", "pattern": AMOUNT_PATTERN, "example": "125.00"})
class MoneyInput(serializers.DecimalField):
    """An amount in a request body: a string such as "125.00" (a JSON number is refused)."""

    default_error_messages = {
        "not_a_string": 'Send the amount as a string with at most two decimals, e.g. "125.00".',
    }
    _pattern = re.compile(AMOUNT_PATTERN)

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not self._pattern.match(data):
            self.fail("not_a_string")
        return super().to_internal_value(data)


class MoneyOutput(serializers.DecimalField):
    """An amount in a response: always a string with two decimals."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)
