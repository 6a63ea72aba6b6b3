import pytest
from django.test import Client

from servicekit.problem import CONTENT_TYPE, TYPE_BASE

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(service_client):
    return service_client("bff")


def problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == CONTENT_TYPE
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith(TYPE_BASE)
    assert body["title"] and body["detail"]
    return body


def test_invalid_fields_are_400_with_errors_per_field_including_nested(api):
    response = api.post(
        "/api/v1/orders/",
        {"name": "too long a name", "lines": [{"sku": "A", "quantity": 1}, {"quantity": 0}]},
        format="json",
    )
    body = problem(response, 400)
    assert body["type"] == TYPE_BASE + "validation-error"
    assert body["detail"] == "One or more fields are invalid."
    assert body["errors"] == {
        "name": ["Ensure this field has no more than 5 characters."],
        "lines.1.sku": ["This field is required."],
        "lines.1.quantity": ["Ensure this value is greater than or equal to 1."],
    }


def test_a_missing_list_is_an_error_of_that_field(api):
    body = problem(api.post("/api/v1/orders/", {"name": "ok"}, format="json"), 400)
    assert body["errors"] == {"lines": ["This field is required."]}


def test_a_single_object_level_error_becomes_the_detail(api):
    body = problem(api.post("/api/v1/orders/", {"name": "nope", "lines": []}, format="json"), 400)
    assert body["detail"] == "Orders named nope are refused."
    assert body["errors"] == {"non_field_errors": ["Orders named nope are refused."]}


def test_malformed_json_is_400_not_500(api):
    response = api.post("/api/v1/orders/", data="{not json", content_type="application/json")
    body = problem(response, 400)
    assert "JSON parse error" in body["detail"]


def test_unsupported_media_type_is_415(api):
    response = api.post("/api/v1/orders/", data="name=x", content_type="application/x-www-form-urlencoded")
    problem(response, 415)


def test_a_method_the_view_does_not_have_is_405(api):
    problem(api.delete("/api/v1/orders/"), 405)


def test_no_credentials_is_401_with_www_authenticate(service_client):
    response = service_client(None).get("/api/v1/problems/conflict/")
    body = problem(response, 401)
    assert response["WWW-Authenticate"] == "Bearer"
    assert body["detail"] == "Authentication credentials were not provided."


def test_http404_from_a_view_is_404_problem(api):
    body = problem(api.get("/api/v1/problems/not-found/"), 404)
    assert body["type"] == TYPE_BASE + "not-found"


@pytest.mark.parametrize(
    ("kind", "status", "slug", "detail"),
    [
        ("conflict", 409, "conflict", "Invoice INV-1 is already paid."),
        ("unprocessable", 422, "unprocessable", "Idempotency-Key reused with another body."),
        (
            "unavailable",
            503,
            "unavailable",
            "A service this request needs is unavailable. Try again shortly.",
        ),
    ],
)
def test_domain_problems_keep_their_status_type_and_detail(api, kind, status, slug, detail):
    body = problem(api.get(f"/api/v1/problems/{kind}/"), status)
    assert body["type"] == TYPE_BASE + slug
    assert body["detail"] == detail
    assert "errors" not in body


def test_a_django_validation_error_with_fields_is_400_per_field(api):
    body = problem(api.get("/api/v1/problems/django-field-error/"), 400)
    assert body["errors"] == {"amount": ["Must be positive."]}


def test_a_django_validation_error_without_fields_is_400_with_its_message(api):
    body = problem(api.get("/api/v1/problems/django-error/"), 400)
    assert body["detail"] == "The lease has ended."
    assert body["errors"] == {"non_field_errors": ["The lease has ended."]}


def test_an_unexpected_exception_is_500_problem_without_the_traceback(api, service_log):
    api.raise_request_exception = False
    response = api.get("/api/v1/problems/bug/")
    body = problem(response, 500)
    assert body["type"] == TYPE_BASE + "server-error"
    assert "hunter2" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    (logged,) = [r for r in service_log.records() if r["message"] == "unhandled error"]
    assert "RuntimeError: database password is hunter2" in logged["exc_info"], "the log keeps the traceback"
    assert logged["path"] == "/api/v1/problems/bug/"


def test_an_unknown_url_is_404_problem_json_for_api_clients():
    response = Client().get("/nowhere/", headers={"Accept": "application/json"})
    body = problem(response, 404)
    assert body["detail"] == "Nothing is at /nowhere/."


def test_an_unknown_api_url_is_problem_json_even_for_browsers():
    response = Client().get("/api/v1/nowhere/", headers={"Accept": "text/html"})
    problem(response, 404)


def test_an_unknown_url_is_django_html_for_browsers():
    response = Client().get("/admin-typo/", headers={"Accept": "text/html,application/xhtml+xml"})
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert b"Not Found" in response.content


def test_an_error_outside_drf_is_500_problem_json_for_api_clients():
    client = Client(raise_request_exception=False)
    response = client.get("/plain/bug/", headers={"Accept": "application/json"})
    body = problem(response, 500)
    assert "a bug outside DRF" not in response.content.decode()
    assert body["detail"] == "Something went wrong on our side. It has been logged."


def test_an_error_outside_drf_is_django_html_for_browsers():
    client = Client(raise_request_exception=False)
    response = client.get("/plain/bug/", headers={"Accept": "text/html"})
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


def test_a_disallowed_host_is_400_problem_json():
    response = Client().get("/plain/ok/", headers={"Accept": "application/json"}, HTTP_HOST="evil.example")
    problem(response, 400)


# --- under /api/, problem+json in every mode (ApiProblemMiddleware) ---------------------------------


@pytest.mark.parametrize("debug", [False, True])
def test_an_unknown_api_url_is_problem_json_with_debug_on_or_off(settings, debug):
    settings.DEBUG = debug
    response = Client().get("/api/v1/listings/null,null", headers={"Accept": "text/html"})
    body = problem(response, 404)
    assert body["detail"] == "Nothing is at /api/v1/listings/null,null."
    assert int(response["Content-Length"]) == len(response.content)


@pytest.mark.parametrize("debug", [False, True])
def test_an_error_in_a_plain_api_view_is_500_problem_json_with_debug_on_or_off(settings, debug):
    settings.DEBUG = debug
    response = Client(raise_request_exception=False).get("/api/plain/bug/", headers={"Accept": "text/html"})
    body = problem(response, 500)
    assert "a bug outside DRF" not in response.content.decode()
    assert body["detail"] == "Something went wrong on our side. It has been logged."


def test_a_method_a_plain_api_view_lacks_is_405_problem_json_keeping_allow():
    response = Client().delete("/api/plain/get-only/")
    body = problem(response, 405)
    assert body["detail"] == "DELETE is not allowed here."
    assert response["Allow"] == "GET"


def test_a_body_over_the_upload_limit_is_413_problem_json(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api.post("/api/v1/orders/", {"name": "x" * 2000, "lines": []}, format="json")
    problem(response, 413)


def test_outside_api_the_debug_404_page_stays_html(settings):
    settings.DEBUG = True
    response = Client().get("/admin-typo/", headers={"Accept": "text/html"})
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
