"""A form field for one photo: the upload is checked and converted while the form cleans."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from photos.images import ProcessedPhoto, process_photo


class PhotoField(forms.FileField):
    """An optional or required photo upload whose cleaned value is a ProcessedPhoto.

    `clean()` returns the re-encoded photo (see photos.images.process_photo), or None when
    nothing was uploaded and the field is not required. A file that is not a photo, too
    large or has too many pixels becomes an error on this field; the form stays bound.

    Use it in a plain `forms.Form` and let the service save the result
    (`obj.photo.save(processed.image.name, processed.image, save=False)`), not in a
    ModelForm bound to the model's FileField: that would try to store the dataclass.
    """

    # "image/*" lets phones offer the camera and the photo library; HEIC is named too
    # because desktop browsers do not count it as image/*.
    widget = forms.FileInput(attrs={"accept": "image/*,.heic,.heif"})
    default_error_messages = {
        **forms.FileField.default_error_messages,
        "empty": _("This file is empty. Choose a photo."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Photo"))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> ProcessedPhoto | None:
        uploaded = super().clean(data, initial)
        if not isinstance(uploaded, UploadedFile):
            # Nothing new was uploaded (None, False, or the initial value passed back):
            # keeping or removing an existing photo is the form's and service's decision.
            return None
        return process_photo(uploaded)
