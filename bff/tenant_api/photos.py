"""Work-order photos as maintenance-service accepts them: JPEG, PNG or WebP, ≤ 5 MB each, ≤ 5.

The type is read from the file's first bytes, not from the name or the browser's content type.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

MAX_PHOTOS = 5
MAX_PHOTO_BYTES = 5 * 1024 * 1024
# A whole request with the most photos allowed, plus room for the text fields.
MAX_REQUEST_BYTES = MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024


def sniff_image_type(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def photo_problems(photos: list[UploadedFile]) -> list[str]:
    """What is wrong with these photos, in words for the tenant (empty when they are fine)."""
    if len(photos) > MAX_PHOTOS:
        return [f"Attach at most {MAX_PHOTOS} photos."]
    problems = []
    for photo in photos:
        if photo.size > MAX_PHOTO_BYTES:
            problems.append(f"{photo.name} is larger than 5 MB.")
        elif image_type(photo) is None:
            problems.append(f"{photo.name} is not a JPEG, PNG or WebP image.")
    return problems


def image_type(photo: UploadedFile) -> str | None:
    photo.seek(0)
    head = photo.read(12)
    photo.seek(0)
    return sniff_image_type(head)
