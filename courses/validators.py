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
from PIL import Image as PillowImage

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


def validate_image_pixels(upload) -> None:
    """Refuse new images above settings.MAX_IMAGE_PIXELS, from the header alone.

    Files Pillow cannot read pass: the image field itself refuses those, whatever
    Pillow raised.
    """
    if not upload or getattr(upload, "_committed", False):
        return  # nothing, or a stored file (an upload has no `_committed`)
    limit = settings.MAX_IMAGE_PIXELS
    position = upload.tell()
    try:
        # Image.open reads the header only; no pixel is decoded here.
        with PillowImage.open(upload) as image:
            width, height = image.size
    except (PillowImage.DecompressionBombError, PillowImage.DecompressionBombWarning):
        # Pillow will not open images above its own cap (179 MP, or 89 MP where
        # warnings are errors), so their exact size is unknown here.
        bound = f"over {_megapixels(PillowImage.MAX_IMAGE_PIXELS)}"  # type: ignore[arg-type]  # set, since Pillow raised
        raise _too_many_pixels(bound, limit) from None
    except Exception:
        # Pillow's format plugins raise all kinds of errors on a malformed file
        # (NotImplementedError, AttributeError...): Django's image field, which
        # comes next, refuses any of them as "not a valid image".
        return
    finally:
        upload.seek(position)
    if width * height > limit:
        raise _too_many_pixels(
            f"{width:,} x {height:,} pixels ({_megapixels(width * height)})", limit
        )


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:,.1f} megapixels"


def _too_many_pixels(size: str, limit: int) -> ValidationError:
    return ValidationError(
        "This image is %(size)s; the largest allowed is %(limit)s.",
        code="too_many_pixels",
        params={"size": size, "limit": _megapixels(limit)},
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
