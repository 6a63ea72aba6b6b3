import warnings
from decimal import Decimal

import pytest
from django.http import QueryDict
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from servicekit.params import DecimalParam, QueryParams


class Filters(QueryParams):
    city = serializers.CharField(required=False)
    min_rent = DecimalParam(required=False, max_digits=10, decimal_places=2, min_value=0)
    balance = DecimalParam(required=False, max_digits=6, decimal_places=2)
    bedrooms = serializers.IntegerField(required=False)


def parse(query: str):
    params = Filters(data=QueryDict(query))
    return params.validated_data if params.is_valid() else params.errors


def test_given_values_are_parsed():
    assert parse("city=Austin&min_rent=1250.5&bedrooms=2") == {
        "city": "Austin",
        "min_rent": Decimal("1250.50"),
        "bedrooms": 2,
    }


def test_absent_parameters_are_simply_absent():
    assert parse("") == {}


def test_an_empty_value_is_an_error_not_no_filter():
    errors = parse("city=&bedrooms=&min_rent=")
    assert {name: [str(m) for m in messages] for name, messages in errors.items()} == {
        "city": ["This field may not be blank."],
        "bedrooms": ["This field may not be blank."],
        "min_rent": ["This field may not be blank."],
    }


@pytest.mark.parametrize("value", ["0", "12", "1250.5", "1250.50", "99999999.99"])
def test_plain_decimals_are_accepted(value):
    assert parse(f"min_rent={value}")["min_rent"] == Decimal(value)


@pytest.mark.parametrize(
    "value",
    ["-1", "1e3", "%2012", "1_000", ".5", "5.", "1.234", "123456789", "\u0663", "NaN", "Infinity", "-"],
)
def test_anything_else_is_refused(value):
    assert "min_rent" in parse(f"min_rent={value}")


def test_a_signed_decimal_accepts_a_minus():
    assert parse("balance=-12.5")["balance"] == Decimal("-12.5")
    assert "balance" in parse("balance=+12.5")


def test_the_schema_pattern_is_the_one_enforced():
    assert Filters().fields["min_rent"].pattern == r"^[0-9]{1,8}(?:\.[0-9]{1,2})?$"
    assert Filters().fields["balance"].pattern == r"^-?[0-9]{1,4}(?:\.[0-9]{1,2})?$"


class FilteredView(APIView):
    authentication_classes = []
    permission_classes = []

    @extend_schema(parameters=[Filters], responses={200: None})
    def get(self, request):
        return Response({})


def test_the_openapi_schema_documents_the_pattern():
    from django.urls import path

    generator = SchemaGenerator(patterns=[path("filtered/", FilteredView.as_view())])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        schema = generator.get_schema(request=None, public=True)
    parameters = {p["name"]: p for p in schema["paths"]["/filtered/"]["get"]["parameters"]}
    assert parameters["min_rent"]["schema"] == {
        "type": "string",
        "format": "decimal",
        "pattern": r"^[0-9]{1,8}(?:\.[0-9]{1,2})?$",
        "minLength": 1,  # QueryParams refuses ?min_rent=
    }
    # DRF refuses NUL in text: the schema says so for every free-text query parameter.
    assert parameters["city"]["schema"] == {"type": "string", "minLength": 1, "pattern": r"^[^\x00]*$"}
    assert parameters["bedrooms"]["schema"] == {"type": "integer"}


def test_nul_in_free_text_is_refused_as_the_schema_says():
    assert [str(m) for m in parse("city=Port%00land")["city"]] == ["Null characters are not allowed."]
