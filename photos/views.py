"""Serving a photo from private storage, after the calling view has checked access."""

from django.core.exceptions import SuspiciousFileOperation
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

# What every stored photo is: process_photo re-encodes each upload as JPEG.
PHOTO_CONTENT_TYPE = "image/jpeg"


def serve_private(file_field: FieldFile, *, filename: str | None = None) -> FileResponse:
    """Stream a photo from private storage as an inline JPEG.

    This function checks NO access. Each feature's view first loads its object through
    the access module (e.g. a message of a child in `Child.objects.visible_to(user)`,
    404 otherwise) and only then calls `serve_private(message.photo)`.

    `filename` is the name a browser shows when saving the picture; by default the neutral
    "photo.jpg", never the stored (random) name nor anything personal. An empty field or a
    file missing from storage is a 404.

    Caching is `private, no-store`: these are pictures of children, often viewed on a
    shared device (the family tablet, a computer at the location), and after logging out
    they must not be left in its disk cache. The cost is a new download per page view,
    which thumbnails of at most PHOTO_THUMBNAIL_SIDE pixels keep small.
    """
    if not file_field:
        raise Http404
    try:
        file = file_field.storage.open(file_field.name, "rb")
    except (OSError, SuspiciousFileOperation) as error:
        # A file gone from disk, or a stored name pointing outside the storage.
        raise Http404 from error
    response = FileResponse(file, content_type=PHOTO_CONTENT_TYPE, filename=filename or "photo.jpg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # Another site may not embed the picture with the visitor's session.
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
