"""Tenants' photos: only real JPEG, PNG or WebP images of at most 5 MB, at most 5 per request.

The type is judged by the bytes (Pillow), never by the file name or the Content-Type a browser sent.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, UnidentifiedImageError

MAX_PHOTOS = 5
MAX_BYTES = 5 * 1024 * 1024
# Pillow format name -> the content type stored and served.
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


class PhotoRejected(ValueError):
    """The file is not an acceptable photo; the message says why, for the tenant."""


def photo_content_type(upload: UploadedFile) -> str:
    """The content type of an acceptable photo, judged by its content; PhotoRejected otherwise."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise PhotoRejected(f"is {upload.size / 1_048_576:.1f} MB; photos may be at most 5 MB.")
    if not upload.size:
        raise PhotoRejected("is empty.")
    upload.seek(0)
    try:
        # formats= limits the decoders Pillow tries to the three we accept.
        with Image.open(upload, formats=list(FORMATS)) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        raise PhotoRejected("is not a JPEG, PNG or WebP image.") from exc
    finally:
        upload.seek(0)
    if kind not in FORMATS:  # pragma: no cover - formats= already refuses the others
        raise PhotoRejected("is not a JPEG, PNG or WebP image.")
    return FORMATS[kind]


def checked_photos(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    """Each file with its content type; one ValidationError on ``photos`` naming every bad file."""
    if len(files) > MAX_PHOTOS:
        raise ValidationError({"photos": [f"Attach at most {MAX_PHOTOS} photos ({len(files)} were sent)."]})
    accepted, problems = [], []
    for position, upload in enumerate(files, start=1):
        name = upload.name or f"photo {position}"
        try:
            accepted.append((upload, photo_content_type(upload)))
        except PhotoRejected as exc:
            problems.append(f"Photo {position} ({name}) {exc}")
    if problems:
        raise ValidationError({"photos": problems})
    return accepted
