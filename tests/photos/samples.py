"""Pictures made in memory for the photo tests."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def encoded(image: Image.Image, format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format, **options)
    return buffer.getvalue()


def jpeg(size: tuple[int, int] = (64, 48), color: str = "red", **options) -> bytes:
    return encoded(Image.new("RGB", size, color), "JPEG", **options)


def noisy_jpeg(size: tuple[int, int] = (256, 256)) -> bytes:
    """A JPEG whose pixel data is large, so cutting it short leaves a real truncation."""
    return encoded(Image.effect_noise(size, 64).convert("RGB"), "JPEG", quality=95)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims to be width x height but holds no pixels: only a header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def opened(content) -> Image.Image:
    content.seek(0)
    image = Image.open(io.BytesIO(content.read()))
    image.load()
    return image
