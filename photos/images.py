"""Turning an uploaded photo into a safe, small JPEG (and a thumbnail) for private storage.

Parents and staff upload photos of children from their phones. What we keep must be a
plain picture and nothing more: we decide it is a photo by decoding it (never by the file
name or the browser's content type), refuse files that would take too much memory to
decode, and re-encode what we keep so that no metadata survives: no GPS position, camera,
date or comment from EXIF/XMP/JPEG comments. The stored file names are random, because
an upload's name ("Emma_zwembad_2025.jpg") may itself be personal data.
"""

import io
import logging
import uuid
from dataclasses import dataclass

import pillow_heif
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageFile, ImageOps

logger = logging.getLogger(__name__)

# iPhones save HEIC by default; registering once at import lets Image.open read them.
pillow_heif.register_heif_opener()

# Pillow may only try these decoders on an upload: the others (EPS through Ghostscript,
# PSD, TIFF…) are attack surface without being what a phone produces.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")

JPEG_QUALITY = 85

NOT_A_PHOTO = _("This file is not a photo. Choose a JPEG, PNG, WebP or iPhone (HEIC) photo.")
TOO_LARGE = _("The photo is larger than %(max)s MB.")
TOO_MANY_PIXELS = _(
    "The photo has too many pixels (more than %(max)s megapixels). Choose a smaller photo or take a screenshot of it."
)


@dataclass(frozen=True)
class ProcessedPhoto:
    """A re-encoded JPEG and its thumbnail, ready for `FieldFile.save(name, content)`.

    `image.name` and `thumbnail.name` are random (`<uuid4 hex>.jpg`); `width`/`height`
    are those of `image`, after rotation and downscaling.
    """

    image: ContentFile
    thumbnail: ContentFile
    width: int
    height: int


def process_photo(uploaded_file: UploadedFile) -> ProcessedPhoto:
    """Check an uploaded file is a real photo and return it cleaned, upright and downscaled.

    Raises ValidationError (code "not_a_photo", "too_large" or "too_many_pixels") with a
    message meant for the person who uploaded it. Never raises anything else for bad input.
    """
    _check_byte_size(uploaded_file)
    # A truncated file must be refused, not padded with grey. Pillow's switch for that is
    # global, and libraries may turn it on when imported (WeasyPrint, for the portfolio
    # PDF, does): set it back before each decode rather than trust it.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    decoded = _decode(uploaded_file)
    try:
        image = _upright_srgb_without_metadata(decoded)
        image.thumbnail((settings.PHOTO_MAX_SIDE, settings.PHOTO_MAX_SIDE), Image.Resampling.LANCZOS)
        thumbnail = image.copy()
        thumbnail.thumbnail((settings.PHOTO_THUMBNAIL_SIDE, settings.PHOTO_THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
        return ProcessedPhoto(
            image=ContentFile(_jpeg_bytes(image), name=_random_name()),
            thumbnail=ContentFile(_jpeg_bytes(thumbnail), name=_random_name()),
            width=image.width,
            height=image.height,
        )
    except Exception as error:
        # A file that decoded can still fail later (an odd mode, a broken profile…):
        # for the person uploading it, it is simply not a usable photo.
        logger.info("Photo could not be converted: %s", type(error).__name__)
        raise ValidationError(NOT_A_PHOTO, code="not_a_photo") from None
    finally:
        decoded.close()


def _check_byte_size(uploaded_file: UploadedFile) -> None:
    maximum = settings.PHOTO_MAX_UPLOAD_BYTES
    size = getattr(uploaded_file, "size", None)
    if size is None:
        # Not an UploadedFile (e.g. a plain file object): count without keeping the bytes.
        uploaded_file.seek(0, io.SEEK_END)
        size = uploaded_file.tell()
    if size > maximum:
        raise ValidationError(TOO_LARGE, code="too_large", params={"max": _megabytes(maximum)})
    if size == 0:
        raise ValidationError(NOT_A_PHOTO, code="not_a_photo")


def _decode(uploaded_file: UploadedFile) -> Image.Image:
    """Open, check the pixel count from the header, verify, then decode for real."""
    max_pixels = settings.PHOTO_MAX_PIXELS
    try:
        uploaded_file.seek(0)
        with Image.open(uploaded_file, formats=ACCEPTED_FORMATS) as header:
            # Image.open reads only the header: the size is known before any decoding.
            if header.width * header.height > max_pixels:
                raise _too_many_pixels(max_pixels)
            # verify() catches broken chunks and checksums (PNG) without keeping pixels;
            # afterwards the image object is unusable, hence the second open.
            header.verify()
        uploaded_file.seek(0)
        image = Image.open(uploaded_file, formats=ACCEPTED_FORMATS)
        # A big JPEG can be decoded at 1/2, 1/4 or 1/8 straight away: less memory and
        # time, and we downscale to PHOTO_MAX_SIDE anyway.
        image.draft("RGB", (settings.PHOTO_MAX_SIDE, settings.PHOTO_MAX_SIDE))
        # Decodes now, inside this try: a truncated file fails here (we never set
        # ImageFile.LOAD_TRUNCATED_IMAGES), not half-way through the conversion.
        image.load()
        return image
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own guard (Image.MAX_IMAGE_PIXELS, left at its default) fires inside
        # Image.open, before our stricter check; the warning is an error when warnings are.
        raise _too_many_pixels(max_pixels) from None
    except Exception as error:
        # Decoders of untrusted bytes raise all sorts (UnidentifiedImageError, OSError for
        # a truncated file, SyntaxError from verify, ValueError, struct.error…): all of it
        # means "not a photo we can use", and none of it may become a 500.
        logger.info("Upload refused as not a photo: %s", type(error).__name__)
        raise ValidationError(NOT_A_PHOTO, code="not_a_photo") from None


def _upright_srgb_without_metadata(image: Image.Image) -> Image.Image:
    # Phones store the picture sideways plus an EXIF "orientation"; since we drop EXIF,
    # the rotation must be applied to the pixels or the photo shows up on its side.
    upright = ImageOps.exif_transpose(image)
    rgb = _to_srgb(upright)
    # Nothing from the upload travels with the pixels: JPEG's save falls back on
    # info["comment"], and we write no exif=, xmp= or icc_profile= ourselves.
    rgb.info = {}
    return rgb


def _to_srgb(image: Image.Image) -> Image.Image:
    if _has_transparency(image):
        # JPEG has no alpha: transparent parts become white, not black.
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        background.alpha_composite(rgba)
        return background.convert("RGB")
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "CMYK"):
        # iPhones shoot in Display P3; without converting, colours look dull once the
        # profile is dropped. A broken profile is not worth refusing the photo over.
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale (some PNGs): scale to 8 bits before going to RGB.
        image = image.point(lambda value: value / 256).convert("L")
    return image.convert("RGB")


def _has_transparency(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        image.mode in ("P", "L", "RGB") and "transparency" in image.info
    )


def _jpeg_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


def _random_name() -> str:
    return f"{uuid.uuid4().hex}.jpg"


def _too_many_pixels(max_pixels: int) -> ValidationError:
    return ValidationError(TOO_MANY_PIXELS, code="too_many_pixels", params={"max": _megapixels(max_pixels)})


def _megabytes(size: int) -> str:
    return f"{round(size / (1024 * 1024), 1):g}"


def _megapixels(pixels: int) -> str:
    return f"{round(pixels / 1_000_000, 1):g}"
