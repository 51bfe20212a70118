"""Creating, editing, validating, rendering and deleting module contents."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage

from accounts.tests.factories import InstructorFactory
from courses.models import Content, File, Image, Text, Video
from courses.tests.factories import ModuleFactory, VideoFactory, add_content

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
VIMEO = "https://vimeo.com/76979871"


def png(name="pixel.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def module(client, db):
    module = ModuleFactory()
    client.force_login(module.course.owner)
    return module


def create(client, module, kind, data):
    url = reverse("courses:module_content_create", args=[module.pk, kind])
    return client.post(url, data)


def errors(response, field):
    return response.context["form"].errors.get(field, [])


@pytest.mark.parametrize(
    ("kind", "data", "model"),
    [
        ("text", {"title": "Read me", "content": "Hello"}, Text),
        ("video", {"title": "Watch me", "url": YOUTUBE}, Video),
        ("video", {"title": "On Vimeo", "url": VIMEO}, Video),
    ],
)
def test_each_kind_is_created_in_the_module_and_owned_by_me(
    client, module, kind, data, model
):
    other = InstructorFactory()

    response = create(client, module, kind, {**data, "owner": other.pk})

    assert response.status_code == 302
    assert response.url == module.get_absolute_url()
    content = Content.objects.get()
    assert (content.module, content.order) == (module, 0)
    assert isinstance(content.item, model)
    assert content.item.owner == module.course.owner


def test_an_image_upload_is_stored_under_media_root(client, module):
    response = create(client, module, "image", {"title": "Pic", "file": png()})

    assert response.status_code == 302
    image = Image.objects.get()
    stored = Path(image.file.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve() / "images")
    assert stored.exists()


def test_a_file_upload_is_stored_under_media_root(client, module):
    upload = SimpleUploadedFile("notes.pdf", b"%PDF-1.4 notes")

    create(client, module, "file", {"title": "Notes", "file": upload})

    stored = Path(File.objects.get().file.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve() / "files")


def test_an_uploaded_name_cannot_escape_media_root(client, module):
    upload = SimpleUploadedFile("../../../etc/evil.txt", b"gotcha")

    create(client, module, "file", {"title": "Evil", "file": upload})

    stored = Path(File.objects.get().file.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve() / "files")
    assert ".." not in File.objects.get().file.name


def test_contents_are_appended_in_order(client, module):
    for n in range(3):
        create(client, module, "text", {"title": f"T{n}", "content": "x"})

    assert [c.order for c in module.contents.all()] == [0, 1, 2]


def test_a_text_file_renamed_to_png_is_a_form_error(client, module):
    fake = SimpleUploadedFile("cat.png", b"not an image", content_type="image/png")

    response = create(client, module, "image", {"title": "Cat", "file": fake})

    assert response.status_code == 200
    assert "valid image" in " ".join(errors(response, "file"))
    assert not Image.objects.exists()


@pytest.mark.parametrize("kind", ["file", "image"])
def test_an_upload_over_the_size_limit_is_a_form_error(client, module, settings, kind):
    settings.MAX_UPLOAD_SIZE = 100
    # A real PNG (about 70 bytes) padded past the limit.
    big = SimpleUploadedFile("big.png", png().read() + b"\0" * 200, "image/png")

    response = create(client, module, kind, {"title": "Big", "file": big})

    assert response.status_code == 200
    assert "largest allowed is 100" in " ".join(errors(response, "file"))
    assert not Content.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/video.mp4",
        "https://youtube.com/",
        "https://www.youtube.com/watch?v=%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
        "https://vimeo.com/about",
        "https://soundcloud.com/artist/track",  # would be fetched on every render
        "not a url",
        "",
    ],
)
def test_a_video_address_must_be_youtube_or_vimeo(client, module, url):
    response = create(client, module, "video", {"title": "V", "url": url})

    assert response.status_code == 200
    assert errors(response, "url")
    assert not Video.objects.exists()


def test_editing_changes_the_item_in_place(client, module):
    content = add_content(module)
    url = reverse(
        "courses:module_content_update", args=[module.pk, "text", content.object_id]
    )

    assert client.get(url).context["form"].instance == content.item
    response = client.post(url, {"title": "New title", "content": "New words"})

    assert response.status_code == 302
    item = Text.objects.get()
    assert (item.pk, item.title, item.content) == (
        content.object_id,
        "New title",
        "New words",
    )
    assert Content.objects.count() == 1


def test_deleting_a_content_removes_its_item_too(client, module):
    content = add_content(module)
    kept = add_content(module)

    response = client.post(reverse("courses:module_content_delete", args=[content.pk]))

    assert response.status_code == 302
    assert list(Content.objects.all()) == [kept]
    assert list(Text.objects.all()) == [kept.item]


def test_deleting_an_image_removes_its_file_after_the_commit(
    client, module, django_capture_on_commit_callbacks
):
    create(client, module, "image", {"title": "Pic", "file": png()})
    image = Image.objects.get()
    path = Path(image.file.path)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("courses:module_content_delete", args=[image.contents.get().pk])
        )

    assert not path.exists()


def test_each_kind_renders_itself(module):
    text = add_content(module, content="Line one").item
    video = add_content(module, VideoFactory).item

    assert "<p>Line one</p>" in text.render()
    assert 'src="https://www.youtube.com/embed/dQw4w9WgXcQ' in video.render()


def test_the_module_page_lists_the_contents_in_order(client, module):
    add_content(module, title="First")
    add_content(module, VideoFactory, title="Second")

    page = client.get(module.get_absolute_url()).content.decode()

    assert page.index("First") < page.index("Second")
    assert "This module has no contents yet" not in page


def test_an_empty_module_says_how_to_start(client, module):
    page = client.get(module.get_absolute_url()).content.decode()

    assert "This module has no contents yet" in page


def test_uploads_render_as_an_image_and_a_download_link(client, module):
    create(client, module, "image", {"title": "Pic", "file": png()})
    upload = SimpleUploadedFile("notes.txt", b"notes")
    create(client, module, "file", {"title": "Notes", "file": upload})

    image, file = Image.objects.get(), File.objects.get()

    assert f'<img src="{image.file.url}" alt="Pic"' in image.render()
    assert f'<a href="{file.file.url}" download>' in file.render()


def test_a_video_embeds_only_its_checked_id(module):
    youtube = add_content(module, VideoFactory).item
    vimeo = add_content(module, VideoFactory, url=VIMEO).item

    assert youtube.embed_url == "https://www.youtube.com/embed/dQw4w9WgXcQ"
    assert vimeo.embed_url == "https://player.vimeo.com/video/76979871"


def test_replacing_an_upload_deletes_the_old_file_after_the_commit(
    client, module, django_capture_on_commit_callbacks
):
    create(client, module, "file", {"title": "Notes", "file": upload("a.txt")})
    item = File.objects.get()
    old = Path(item.file.path)
    url = reverse("courses:module_content_update", args=[module.pk, "file", item.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"title": "Notes", "file": upload("b.txt")})

    item.refresh_from_db()
    assert Path(item.file.path).exists()
    assert not old.exists()


def test_editing_the_title_keeps_the_file_even_if_over_a_new_limit(
    client, module, settings
):
    create(client, module, "file", {"title": "Notes", "file": upload("a.txt")})
    item = File.objects.get()
    settings.MAX_UPLOAD_SIZE = 1  # lowered since the upload
    url = reverse("courses:module_content_update", args=[module.pk, "file", item.pk])

    response = client.post(url, {"title": "Renamed"})

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, Path(item.file.path).exists()) == ("Renamed", True)


def test_editing_an_item_whose_file_is_gone_is_not_a_500(client, module):
    create(client, module, "file", {"title": "Notes", "file": upload("a.txt")})
    item = File.objects.get()
    Path(item.file.path).unlink()
    url = reverse("courses:module_content_update", args=[module.pk, "file", item.pk])

    assert client.post(url, {"title": "Renamed"}).status_code == 302


def upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"some notes")
