"""A bare page serving a stored photo by name: the serve tests' route through the middleware."""

from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest
from django.urls import include, path

from photos.storage import get_private_storage
from photos.views import serve_private

photo_field = models.FileField(storage=get_private_storage)


def stored(name: str) -> FieldFile:
    return FieldFile(None, photo_field, name)


def photo(request: HttpRequest, name: str):
    return serve_private(stored(name))


# The site's own routes too: the 404 page links to them.
urlpatterns = [path("photo/<path:name>", photo), path("", include("config.urls"))]
