"""OpenAPI generation: every operation documents the problem+json errors it can return.

Set ``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "servicekit.openapi.AutoSchema"``. Extra statuses
(409, 422, 503, …) are declared per view with ``extend_schema(responses={409: PROBLEM})``.
"""

from __future__ import annotations

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse

from servicekit.problem import CONTENT_TYPE

_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
_DESCRIPTIONS = {
    "400": "Invalid input: `errors` names each field and what is wrong with it.",
    "401": "No or an unknown credential.",
    "403": "The caller may not use this endpoint.",
    "404": "No such object, or not visible to this caller.",
    "405": "Method not allowed.",
    "406": "The Accept header asks for something other than JSON.",
    "415": "The body is not in a supported media type.",
}

NO_NUL_PATTERN = r"^[^\x00]*$"

# For extend_schema(responses={409: PROBLEM}); the content type is fixed up in get_operation.
PROBLEM = OpenApiResponse(description="Problem details (RFC 9457)")


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        codes = ["400", "401", "403", "404", "405", "406"]
        if self.method in ("POST", "PUT", "PATCH"):
            codes.append("415")
        for code in codes:
            responses.setdefault(code, {"description": _DESCRIPTIONS[code]})
        for code, response in responses.items():
            if code.startswith(("4", "5")):
                response["content"] = {CONTENT_TYPE: {"schema": _PROBLEM_REF}}
        for parameter in operation.get("parameters", []):
            schema = parameter.get("schema", {})
            free_text = schema.get("type") == "string" and not {"pattern", "enum", "format"} & schema.keys()
            if parameter.get("in") == "query" and free_text:
                # DRF's CharField refuses NUL (PostgreSQL cannot store or compare it): say so.
                schema["pattern"] = NO_NUL_PATTERN
            if parameter.get("in") == "query" and schema.get("type") == "string":
                # servicekit.params.QueryParams refuses ``?city=``: an empty value is not "no filter".
                if "enum" in schema:
                    schema["enum"] = [value for value in schema["enum"] if value != ""]
                else:
                    schema.setdefault("minLength", 1)
        return operation


class ServiceTokenScheme(OpenApiAuthenticationExtension):
    """Documents ServiceTokenAuthentication as HTTP bearer (without it drf-spectacular warns, and the
    warning fails ``check --deploy --fail-level WARNING``). Registered by being defined: this module is
    imported by servicekit's AppConfig."""

    target_class = "servicekit.auth.ServiceTokenAuthentication"
    name = "ServiceToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer"}
