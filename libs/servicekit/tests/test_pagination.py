import pytest
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from servicekit.pagination import PageNumberPagination


def page_size(query: dict) -> int:
    return PageNumberPagination().get_page_size(Request(APIRequestFactory().get("/items/", query)))


def test_page_size_defaults_to_20_and_is_capped_at_100():
    assert page_size({}) == 20
    assert page_size({"page_size": "35"}) == 35
    assert page_size({"page_size": "500"}) == 100


@pytest.mark.parametrize("value", ["0", "-3", "0.5", "ten", "", " 5", "1_0", "\u0665"])
def test_a_page_size_that_is_not_a_whole_number_from_1_is_a_400_on_the_field(value):
    with pytest.raises(ValidationError) as error:
        page_size({"page_size": value})
    assert "page_size" in error.value.detail


def page_number(query: dict) -> int:
    request = Request(APIRequestFactory().get("/items/", query))
    return PageNumberPagination().get_page_number(request, paginator=None)


def test_page_number_defaults_to_1():
    assert page_number({}) == 1
    assert page_number({"page": "3"}) == 3


@pytest.mark.parametrize("value", ["", "0", "-1", "2.0", "two", " 2", "last", "\u0663"])
def test_a_page_number_that_is_not_a_whole_number_from_1_is_a_400_on_the_field(value):
    with pytest.raises(ValidationError) as error:
        page_number({"page": value})
    assert error.value.detail == {"page": ["Enter a whole number from 1."]}
