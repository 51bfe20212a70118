"""Images are capped in pixels, not only in bytes: a tiny PNG can be huge."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage

from accounts.tests.factories import UserFactory
from courses.models import Content, Image
from courses.tests.factories import ModuleFactory
from courses.tests.test_contents import create, errors


def huge_png(width: int, height: int) -> SimpleUploadedFile:
    """A real PNG of one colour: a few KB on disk, width x height when shown."""
    buffer = io.BytesIO()
    PillowImage.new("1", (width, height)).save(buffer, "PNG")
    return SimpleUploadedFile("huge.png", buffer.getvalue(), "image/png")


@pytest.fixture
def owned_module(client, db, settings, tmp_path):
    """A module whose owner is logged in, with uploads going to an empty MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path
    module = ModuleFactory()
    client.force_login(module.course.owner)
    return module


def stored_files(settings) -> list:
    return [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]


# As in production, where Pillow's warning about images over 89 MP is only a
# warning (the test suite makes every RuntimeWarning an error).
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_small_png_of_10000_by_10000_pixels_is_a_form_error(
    client, owned_module, settings
):
    upload = huge_png(10_000, 10_000)
    assert upload.size < 20_000  # a small file: the byte cap lets it through

    response = create(client, owned_module, "image", {"title": "Bomb", "file": upload})

    assert response.status_code == 200
    assert errors(response, "file") == [
        "This image is 10,000 x 10,000 pixels (100.0 megapixels); "
        "the largest allowed is 40.0 megapixels."
    ]
    assert not Image.objects.exists()
    assert not Content.objects.exists()
    assert stored_files(settings) == []


def test_an_image_pillow_itself_refuses_to_open_is_a_form_error_naming_the_limit(
    client, owned_module, settings
):
    # 200 MP: Pillow raises DecompressionBombError instead of opening it.
    upload = huge_png(20_000, 10_000)

    response = create(client, owned_module, "image", {"title": "Bomb", "file": upload})

    assert response.status_code == 200
    assert errors(response, "file") == [
        "This image is over 89.5 megapixels; the largest allowed is 40.0 megapixels."
    ]
    assert not Image.objects.exists()
    assert stored_files(settings) == []


def test_the_pixel_cap_is_the_setting(client, owned_module, settings):
    settings.MAX_IMAGE_PIXELS = 1_000_000

    over = create(
        client, owned_module, "image", {"title": "Over", "file": huge_png(2000, 1000)}
    )
    at = create(
        client, owned_module, "image", {"title": "At", "file": huge_png(1000, 1000)}
    )

    assert errors(over, "file") == [
        "This image is 2,000 x 1,000 pixels (2.0 megapixels); "
        "the largest allowed is 1.0 megapixels."
    ]
    assert at.status_code == 302
    assert list(Image.objects.values_list("title", flat=True)) == ["At"]


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(
    ("size", "error"),
    [
        ((10_000, 10_000), "This image is 10,000 x 10,000 pixels"),
        ((20_000, 10_000), "valid image"),  # Django's field: Pillow will not open it
    ],
)
def test_the_admin_refuses_huge_images_too(client, db, settings, tmp_path, size, error):
    settings.MEDIA_ROOT = tmp_path
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.post(
        reverse("admin:courses_image_add"),
        {"owner": admin.pk, "title": "Bomb", "file": huge_png(*size)},
    )

    assert response.status_code == 200
    assert error in " ".join(response.context["adminform"].form.errors["file"])
    assert not Image.objects.exists()
    assert stored_files(settings) == []


def malformed_dds() -> bytes:
    """A DDS image whose header Pillow cannot handle: it raises NotImplementedError
    (found by fuzzing), not one of its usual errors for a bad file."""
    buffer = io.BytesIO()
    PillowImage.new("RGB", (4, 4)).save(buffer, "DDS")
    data = bytearray(buffer.getvalue())
    data[80:84] = bytes(4)
    return bytes(data)


def test_a_file_that_breaks_pillow_is_a_form_error_not_a_crash(
    client, owned_module, settings
):
    upload = SimpleUploadedFile("photo.png", malformed_dds(), "image/png")

    response = create(client, owned_module, "image", {"title": "Odd", "file": upload})

    assert response.status_code == 200
    assert errors(response, "file") == [
        "Upload a valid image. The file you uploaded was either not an image or a "
        "corrupted image."
    ]
    assert not Image.objects.exists()
    assert stored_files(settings) == []
