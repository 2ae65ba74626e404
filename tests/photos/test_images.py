import io
import re
import struct
import warnings

import pillow_heif
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms, ImageFile

from photos.images import ProcessedPhoto, process_photo
from tests.photos.samples import encoded, jpeg, noisy_jpeg, opened, png_header_only, upload

CAMERA_MAKE = "SecretCamMake"
NOT_A_PHOTO = "This file is not a photo. Choose a JPEG, PNG, WebP or iPhone (HEIC) photo."
RANDOM_NAME = re.compile(r"^[0-9a-f]{32}\.jpg$")

pytestmark = pytest.mark.usefixtures("english")


def refusal(data: bytes, name: str = "photo.jpg") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        process_photo(upload(data, name))
    return caught.value


def phone_photo_lying_on_its_side() -> bytes:
    """Like a phone's JPEG: stored sideways with orientation 6, GPS, camera, comment, ICC."""
    image = Image.new("RGB", (400, 200), "blue")
    image.paste(Image.new("RGB", (200, 200), "red"), (0, 0))  # left half red
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # "rotate 90° clockwise to display"
    exif[ExifTags.Base.Make] = CAMERA_MAKE
    exif[ExifTags.Base.Model] = "SecretModel 12"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 22.0, 5.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (4.0, 53.0, 41.0)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encoded(image, "JPEG", exif=exif, icc_profile=srgb, comment=b"Emma at the swimming pool")


def test_a_phone_photo_comes_out_upright_with_no_metadata_at_all():
    data = phone_photo_lying_on_its_side()
    original = Image.open(io.BytesIO(data))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the sample does carry GPS
    assert CAMERA_MAKE.encode() in data

    result = process_photo(upload(data))

    stored = result.image.read()
    image = opened(result.image)
    assert image.format == "JPEG"
    assert image.size == (200, 400) == (result.width, result.height)
    assert image.getpixel((100, 50))[0] > 200  # the red left half is now on top
    assert image.getpixel((100, 350))[2] > 200
    assert not image.getexif()
    assert not {"exif", "icc_profile", "xmp", "comment", "gps"} & set(image.info)
    assert CAMERA_MAKE.encode() not in stored
    assert b"Exif" not in stored
    assert b"swimming pool" not in stored


def test_a_jpeg_comment_is_dropped_also_without_a_colour_profile():
    data = jpeg(comment=b"Emma at the swimming pool")
    assert Image.open(io.BytesIO(data)).info["comment"]

    result = process_photo(upload(data))

    assert b"swimming pool" not in result.image.read()
    assert b"swimming pool" not in result.thumbnail.read()
    assert "comment" not in opened(result.image).info


def test_the_thumbnail_carries_no_metadata_either():
    result = process_photo(upload(phone_photo_lying_on_its_side()))

    thumbnail = opened(result.thumbnail)
    assert thumbnail.size == (200, 400)
    assert not thumbnail.getexif()
    assert CAMERA_MAKE.encode() not in result.thumbnail.read()


def test_a_png_with_transparency_becomes_a_jpeg_on_white():
    image = Image.new("RGBA", (40, 20), (0, 0, 0, 0))
    image.paste(Image.new("RGBA", (20, 20), (0, 128, 0, 255)), (0, 0))

    result = process_photo(upload(encoded(image, "PNG"), "sticker.png", "image/png"))

    converted = opened(result.image)
    assert converted.format == "JPEG"
    assert converted.mode == "RGB"
    assert min(converted.getpixel((35, 10))) > 240  # transparent → white, not black
    assert converted.getpixel((5, 10))[1] > 100


def test_a_palette_png_with_a_transparent_colour_becomes_white_too():
    image = Image.new("P", (20, 20), 0)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    image.info["transparency"] = 0

    result = process_photo(upload(encoded(image, "PNG", transparency=0), "icon.png"))

    assert min(opened(result.image).getpixel((10, 10))) > 240


def test_a_webp_photo_is_accepted():
    result = process_photo(upload(encoded(Image.new("RGB", (60, 30), "green"), "WEBP"), "a.webp", "image/webp"))

    assert opened(result.image).format == "JPEG"
    assert (result.width, result.height) == (60, 30)


def test_an_iphone_heic_photo_is_accepted():
    buffer = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (64, 48), "orange")).save(buffer, format="HEIF")

    result = process_photo(upload(buffer.getvalue(), "IMG_0001.HEIC", "image/heic"))

    assert opened(result.image).format == "JPEG"
    assert (result.width, result.height) == (64, 48)


@pytest.mark.parametrize("mode", ["L", "CMYK", "1"])
def test_other_colour_modes_come_out_as_rgb(mode):
    result = process_photo(upload(encoded(Image.new(mode, (30, 20)), "JPEG" if mode != "1" else "PNG")))

    assert opened(result.image).mode == "RGB"


def test_a_sixteen_bit_greyscale_png_is_accepted():
    image = Image.new("I;16", (30, 20), 40000)

    result = process_photo(upload(encoded(image, "PNG"), "scan.png"))

    assert opened(result.image).getpixel((5, 5))[0] > 100


def test_big_photos_are_made_smaller_and_small_ones_are_left_as_they_are(settings):
    settings.PHOTO_MAX_SIDE = 300
    settings.PHOTO_THUMBNAIL_SIDE = 50

    big = process_photo(upload(jpeg((900, 600))))
    small = process_photo(upload(jpeg((120, 80))))

    assert opened(big.image).size == (300, 200) == (big.width, big.height)
    assert opened(big.thumbnail).size == (50, 33)
    assert opened(small.image).size == (120, 80)
    assert opened(small.thumbnail).size == (50, 33)


def test_the_thumbnail_fits_in_the_thumbnail_side(settings):
    result = process_photo(upload(jpeg((3000, 1000))))

    thumbnail = opened(result.thumbnail)
    assert max(thumbnail.size) <= settings.PHOTO_THUMBNAIL_SIDE
    assert max(result.width, result.height) <= settings.PHOTO_MAX_SIDE


def test_the_stored_names_are_random_and_keep_nothing_of_the_upload_name():
    result = process_photo(upload(jpeg(), "Emma de Vries - zwembad 2025.PNG"))
    again = process_photo(upload(jpeg(), "Emma de Vries - zwembad 2025.PNG"))

    names = {result.image.name, result.thumbnail.name, again.image.name, again.thumbnail.name}
    assert len(names) == 4
    assert all(RANDOM_NAME.match(name) for name in names)


def test_the_result_is_a_processed_photo_of_content_files():
    result = process_photo(upload(jpeg()))

    assert isinstance(result, ProcessedPhoto)
    assert result.image.size > 0
    assert result.thumbnail.size > 0


def test_a_text_file_named_like_a_photo_is_refused():
    error = refusal(b"Dear diary, today Emma went swimming.\n" * 20, "holiday.jpg")

    assert error.code == "not_a_photo"
    assert error.messages == [NOT_A_PHOTO]


def test_an_html_file_with_an_image_content_type_is_refused():
    error = refusal(b"<html><script>alert(1)</script></html>", "x.png")

    assert error.code == "not_a_photo"


def test_an_empty_file_is_refused():
    assert refusal(b"").code == "not_a_photo"


def test_a_truncated_jpeg_is_refused():
    data = noisy_jpeg()

    error = refusal(data[: len(data) // 2])

    assert error.code == "not_a_photo"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_a_truncated_jpeg_is_refused_even_after_a_library_let_pillow_accept_them(monkeypatch):
    # WeasyPrint (the portfolio PDF) turns this on for the whole process when imported.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = noisy_jpeg()

    assert refusal(data[: len(data) // 2]).code == "not_a_photo"


def test_importing_weasyprint_for_a_pdf_leaves_truncated_images_refused(ours):
    from portfolios import pdf

    pdf.render(pdf.portfolio_pdf(ours.child, ours.child.portfolio_entries.all(), audience=pdf.Audience.PARENTS))

    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_a_png_with_a_broken_checksum_is_refused():
    # Pillow decodes this one without complaint; only verify() notices the damage.
    data = bytearray(encoded(Image.new("RGB", (20, 20), "red"), "PNG"))
    start = data.index(b"IDAT")
    (length,) = struct.unpack(">I", data[start - 4 : start])
    data[start + 4 + length] ^= 0xFF

    assert refusal(bytes(data), "x.png").code == "not_a_photo"


@pytest.mark.parametrize("format", ["GIF", "BMP", "TIFF"])
def test_real_images_in_formats_phones_do_not_make_are_refused(format):
    data = encoded(Image.new("RGB", (20, 20), "red"), format)

    assert refusal(data, f"x.{format.lower()}").code == "not_a_photo"


def test_a_file_over_the_byte_limit_is_refused_before_it_is_read(settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 1024 * 1024

    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("a file over the limit must not be read")

    too_big = Unreadable("big.jpg", b"\xff" * (1024 * 1024 + 1), content_type="image/jpeg")

    with pytest.raises(ValidationError) as caught:
        process_photo(too_big)

    assert caught.value.code == "too_large"
    assert caught.value.messages == ["The photo is larger than 1 MB."]


def test_the_byte_limit_message_names_the_default_maximum():
    error = refusal(b"\0" * (15 * 1024 * 1024 + 1))

    assert error.messages == ["The photo is larger than 15 MB."]


def test_a_file_exactly_at_the_byte_limit_is_judged_on_its_content(settings):
    data = jpeg()
    settings.PHOTO_MAX_UPLOAD_BYTES = len(data)

    assert process_photo(upload(data)).width == 64


def test_a_header_claiming_thirty_thousand_pixels_square_is_refused():
    error = refusal(png_header_only(30_000, 30_000), "bomb.png")

    assert error.code == "too_many_pixels"
    assert "too many pixels" in error.messages[0]
    assert "40 megapixels" in error.messages[0]


def test_a_pixel_bomb_is_refused_when_pillow_warnings_are_errors():
    # Above Pillow's own limit (89 Mpx) but below twice that, Pillow only warns.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        error = refusal(png_header_only(10_000, 10_000), "bomb.png")

    assert error.code == "too_many_pixels"


def test_a_small_file_with_too_many_pixels_is_refused_without_decoding_it(settings, monkeypatch):
    settings.PHOTO_MAX_PIXELS = 1_000_000
    data = encoded(Image.new("L", (2000, 1000)), "PNG", optimize=True)
    assert len(data) < 10_000  # compresses to almost nothing: that is the danger
    decoded = []
    original_load = ImageFile.ImageFile.load
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: decoded.append(image) or original_load(image))

    error = refusal(data, "plain.png")

    assert error.code == "too_many_pixels"
    assert error.messages[0].startswith("The photo has too many pixels (more than 1 megapixels)")
    assert decoded == []


def test_a_photo_just_under_the_pixel_limit_is_accepted(settings):
    settings.PHOTO_MAX_PIXELS = 1_000_000

    assert process_photo(upload(jpeg((1000, 1000)))).width == 1000


def test_a_broken_colour_profile_does_not_cost_the_photo():
    result = process_photo(upload(jpeg(icc_profile=b"not really a profile")))

    image = opened(result.image)
    assert image.size == (64, 48)
    assert "icc_profile" not in image.info
