import pytest
from django import forms
from django.utils.datastructures import MultiValueDict

from photos.forms import PhotoField
from photos.images import ProcessedPhoto
from tests.photos.samples import jpeg, upload

pytestmark = pytest.mark.usefixtures("english")


class OptionalPhotoForm(forms.Form):
    body = forms.CharField(required=False)
    photo = PhotoField(required=False)


class RequiredPhotoForm(forms.Form):
    photo = PhotoField()


def bound(form_class, photo=None, **data):
    files = MultiValueDict({"photo": [photo]} if photo is not None else {})
    return form_class(data=data, files=files)


def test_a_photo_cleans_to_a_processed_photo():
    form = bound(OptionalPhotoForm, upload(jpeg((80, 60))), body="Look!")

    assert form.is_valid(), form.errors
    assert isinstance(form.cleaned_data["photo"], ProcessedPhoto)
    assert (form.cleaned_data["photo"].width, form.cleaned_data["photo"].height) == (80, 60)


def test_no_photo_cleans_to_none_when_it_is_optional():
    form = bound(OptionalPhotoForm, body="Just text")

    assert form.is_valid(), form.errors
    assert form.cleaned_data["photo"] is None


def test_no_photo_is_an_error_when_it_is_required():
    form = bound(RequiredPhotoForm)

    assert not form.is_valid()
    assert form.errors["photo"] == ["This field is required."]


def test_a_file_that_is_not_a_photo_is_an_error_on_the_field_and_keeps_the_text():
    form = bound(OptionalPhotoForm, upload(b"%PDF-1.4 not a photo", "report.jpg"), body="Here it is")

    assert not form.is_valid()
    assert form.errors == {"photo": ["This file is not a photo. Choose a JPEG, PNG, WebP or iPhone (HEIC) photo."]}
    assert form["body"].value() == "Here it is"


def test_a_photo_over_the_limit_is_an_error_on_the_field(settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 2 * 1024 * 1024

    form = bound(OptionalPhotoForm, upload(b"\xff" * (2 * 1024 * 1024 + 1)))

    assert not form.is_valid()
    assert form.errors["photo"] == ["The photo is larger than 2 MB."]


def test_an_empty_file_is_an_error_on_the_field():
    form = bound(OptionalPhotoForm, upload(b"", "empty.jpg"))

    assert not form.is_valid()
    assert form.errors["photo"] == ["This file is empty. Choose a photo."]


def test_an_existing_photo_passed_back_as_initial_cleans_to_none():
    field = PhotoField(required=False)

    assert field.clean(None, initial="messages/2025/01/abc.jpg") is None


def test_the_widget_lets_phones_offer_the_camera_and_the_photo_library():
    html = str(OptionalPhotoForm()["photo"])

    assert 'type="file"' in html
    assert 'accept="image/*,.heic,.heif"' in html


def test_each_field_has_its_own_widget():
    first, second = OptionalPhotoForm(), OptionalPhotoForm()
    first.fields["photo"].widget.attrs["class"] = "changed"

    assert "class" not in second.fields["photo"].widget.attrs
