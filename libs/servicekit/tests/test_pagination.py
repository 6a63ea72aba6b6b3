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
