from django.apps import AppConfig


class GatewayConfig(AppConfig):
    name = "gateway"
    verbose_name = "Gateway to the platform's services"

    def ready(self) -> None:
        from gateway import openapi  # noqa: F401  (registers the session-cookie scheme for the schema)
