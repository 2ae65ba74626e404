import pytest
from django.utils.functional import empty

from photos.storage import private_storage


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path):
    """Photos written by a test land in its own temporary folder, never in the checkout.

    The private storage reads PRIVATE_MEDIA_ROOT once, when first used: forget it before
    and after so that it picks up this test's folder and the next test's.
    """
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    private_storage._wrapped = empty
    yield tmp_path
    private_storage._wrapped = empty
