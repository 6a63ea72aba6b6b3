"""Query-string parameters validated by a serializer, strictly: what the OpenAPI schema says is what passes.

DRF reads a query string like a submitted form, where an empty field means "not given": ``?min_rent=``
would silently mean no filter, although the schema says min_rent is a number. Here it is a 400 on
that field, like any other value the schema does not allow.
"""

from __future__ import annotations

import re

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

# Read by servicekit.pagination, not by the filter serializer, and declared in the schema by it.
PAGINATION_PARAMS = frozenset({"page", "page_size"})


class QueryParams(serializers.Serializer):
    """Base for the filter serializers of list endpoints (``extend_schema(parameters=[MyParams])``)."""

    def to_internal_value(self, data):
        blank = {name: ["This field may not be blank."] for name in self.fields if data.get(name) == ""}
        # A misspelt filter (?stauts=paid) must not quietly mean "no filter".
        unknown = {
            name: ["Unknown query parameter."]
            for name in data
            if name not in self.fields and name not in PAGINATION_PARAMS
        }
        if blank or unknown:
            raise serializers.ValidationError({**blank, **unknown})
        return super().to_internal_value(data)


class TextField(serializers.CharField):
    """A JSON string, and only a string: DRF's CharField would also take ``0`` or ``true`` as text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class DecimalParam(serializers.DecimalField):
    """A decimal in plain notation (``1250`` or ``1250.50``), exactly as its schema pattern says.

    DRF's DecimalField also takes ``1e3``, `` 12 ``, ``1_000`` or non-ASCII digits, none of which the
    schema can describe; and drf-spectacular's own pattern admits ``""``, ``-`` and ``.``.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        sign = "" if self.min_value is not None and self.min_value >= 0 else "-?"
        whole = (self.max_digits or 30) - (self.decimal_places or 0)
        fraction = rf"(?:\.[0-9]{{1,{self.decimal_places}}})?" if self.decimal_places else ""
        self.pattern = rf"^{sign}[0-9]{{1,{whole}}}{fraction}$"

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(self.pattern, data):
            self.fail("invalid")
        return super().to_internal_value(data)


class DecimalParamSchema(OpenApiSerializerFieldExtension):
    target_class = DecimalParam

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", "format": "decimal", "pattern": self.target.pattern}
