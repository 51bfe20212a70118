from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from embed_video.backends import (
    UnknownBackendException,
    UnknownIdException,
    detect_backend,
)


def validate_upload_size(upload) -> None:
    """Refuse files above settings.MAX_UPLOAD_SIZE (bytes)."""
    limit = settings.MAX_UPLOAD_SIZE
    if upload.size > limit:
        raise ValidationError(
            "This file is %(size)s; the largest allowed is %(limit)s.",
            code="file_too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
        )


def validate_video_url(url: str) -> None:
    """Accept only URLs django-embed-video can embed (YouTube, Vimeo)."""
    try:
        _ = detect_backend(url).code  # a site's home page has no video id
    except (UnknownBackendException, UnknownIdException):
        raise ValidationError(
            "Use a YouTube or Vimeo video address.", code="unknown_video"
        ) from None
