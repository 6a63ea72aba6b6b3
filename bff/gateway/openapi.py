"""OpenAPI for the portals' API: the session cookie as its security scheme."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class PortalSessionScheme(OpenApiAuthenticationExtension):
    """Registered by being defined (imported by GatewayConfig.ready)."""

    target_class = "gateway.authentication.PortalSessionAuthentication"
    name = "sessionCookie"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "Set by POST /api/auth/login. Unsafe methods also need the X-CSRFToken header.",
        }
