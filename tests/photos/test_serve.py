import pytest
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404

from photos.images import process_photo
from photos.storage import private_storage
from photos.views import serve_private
from tests.photos.samples import jpeg, opened, upload
from tests.photos.urls import stored

# Closing a response signals the end of a request, which looks at the database connections:
# allowed here so the tests pass in any order.
pytestmark = pytest.mark.django_db


@pytest.fixture
def saved_photo():
    processed = process_photo(upload(jpeg((80, 60)), "Emma op het strand.jpg"))
    name = private_storage.save(f"messages/2025/01/{processed.image.name}", processed.image)
    return stored(name)


def body_of(response: FileResponse) -> bytes:
    content = b"".join(response.streaming_content)
    response.close()
    return content


def test_it_streams_the_photo_as_an_inline_jpeg(saved_photo):
    response = serve_private(saved_photo)

    assert isinstance(response, FileResponse)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == 'inline; filename="photo.jpg"'
    assert opened(ContentFile(body_of(response))).size == (80, 60)


def test_it_forbids_storing_and_sniffing(saved_photo):
    response = serve_private(saved_photo)
    response.close()

    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_it_says_how_long_the_photo_is(saved_photo):
    response = serve_private(saved_photo)
    response.close()

    assert int(response["Content-Length"]) == saved_photo.size


def test_it_uses_the_filename_the_caller_chooses(saved_photo):
    response = serve_private(saved_photo, filename="message-12.jpg")
    response.close()

    assert response["Content-Disposition"] == 'inline; filename="message-12.jpg"'


def test_it_never_shows_the_stored_name(saved_photo):
    response = serve_private(saved_photo)
    response.close()

    assert saved_photo.name.rsplit("/", 1)[-1] not in response["Content-Disposition"]


def test_the_photo_is_stored_in_the_private_media_root(saved_photo, private_media_root):
    assert (private_media_root / saved_photo.name).is_file()


def test_a_missing_file_is_a_404():
    with pytest.raises(Http404):
        serve_private(stored("messages/2025/01/gone.jpg"))


def test_an_empty_field_is_a_404():
    with pytest.raises(Http404):
        serve_private(stored(""))


def test_a_name_outside_the_private_storage_is_a_404():
    with pytest.raises(Http404):
        serve_private(stored("../../etc/passwd"))


@pytest.mark.urls("tests.photos.urls")
def test_the_headers_survive_the_middleware(client, saved_photo):
    response = client.get(f"/photo/{saved_photo.name}")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


@pytest.mark.urls("tests.photos.urls")
def test_a_missing_file_is_a_404_page(client):
    assert client.get("/photo/messages/nothing-here.jpg").status_code == 404
