import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from embed_video.backends import (
    UnknownBackendException,
    UnknownIdException,
    VimeoBackend,
    YoutubeBackend,
    detect_backend,
)

# What a video id may look like. django-embed-video takes any `?v=` value as the
# id and marks the embed address safe HTML, so the id itself must be checked.
VIDEO_IDS = {
    YoutubeBackend: (re.compile(r"[\w-]{11}"), "https://www.youtube.com/embed/{}"),
    VimeoBackend: (re.compile(r"\d+"), "https://player.vimeo.com/video/{}"),
}


def validate_upload_size(upload) -> None:
    """Refuse new uploads above settings.MAX_UPLOAD_SIZE (bytes)."""
    if getattr(upload, "_committed", True):
        return  # a file stored before: nothing was uploaded now
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


def video_embed_url(url: str) -> str | None:
    """The player address for a YouTube or Vimeo video address, else None.

    Built from a checked id alone: no request to the video site, nothing of the
    address copied into the page unchecked.
    """
    try:
        backend = detect_backend(url)
        if type(backend) not in VIDEO_IDS:  # e.g. SoundCloud, which would fetch
            return None
        code = backend.code
    except (UnknownBackendException, UnknownIdException):
        return None
    pattern, player = VIDEO_IDS[type(backend)]
    if not code or not pattern.fullmatch(str(code)):
        return None
    return player.format(code)


def validate_video_url(url: str) -> None:
    """Accept only addresses of one YouTube or Vimeo video."""
    if video_embed_url(url) is None:
        raise ValidationError(
            "Use the address of a YouTube or Vimeo video.", code="unknown_video"
        )
