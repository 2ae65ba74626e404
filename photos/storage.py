"""Where uploaded photos of children are kept: outside the public media URL.

Files in this storage have no URL of their own; a view that checks who asks serves them
(see photos.views.serve_private), so a photo of another family cannot be fetched by guessing.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, empty


class _PrivateStorage(LazyObject):
    def _setup(self) -> None:
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


private_storage = _PrivateStorage()


def get_private_storage() -> FileSystemStorage:
    """For model fields (`storage=get_private_storage`): migrations then hold no path."""
    return private_storage


def _reset_on_setting_change(*, setting: str, **kwargs) -> None:
    # Tests point PRIVATE_MEDIA_ROOT at a temporary folder: the storage follows.
    if setting == "PRIVATE_MEDIA_ROOT":
        private_storage._wrapped = empty


setting_changed.connect(_reset_on_setting_change)
