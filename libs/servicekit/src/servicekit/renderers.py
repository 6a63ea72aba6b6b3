"""Renderers beyond DRF's JSON."""

from rest_framework.renderers import BaseRenderer, JSONRenderer


class AnyImageRenderer(BaseRenderer):
    """Lets a client that asks for ``image/*`` reach a view that answers with image bytes.

    The bytes go out as a FileResponse/HttpResponse; only errors are rendered here, as JSON (the
    exception handler sets application/problem+json).
    """

    media_type = "image/*"
    format = "image"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return JSONRenderer().render(data)
