"""Hostile input for the forms of the app: the payload kinds, hypothesis strategies and a
reader for the forms of a rendered page (what a browser would submit, and where).

Used by tests/test_hostile_input.py. The marker payloads carry a tag that must never come
back unescaped (`UNESCAPED`); everything else only has to be answered without a 500.
"""

import io
import struct
import zlib
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import strategies as st

# --- the payloads, one fixed example per kind (each is always tried on every form)

SCRIPT = '<script>alert("xss-script")</script>'
IMG = '"><img src=x onerror=alert("xss-img")>'
SVG = "'><svg onload=alert('xss-svg')>"
# What would run if any of the above came back as markup (their escaped form may appear).
UNESCAPED = ("<script>alert(", "<img src=x onerror=", "<svg onload=")

PAYLOADS: dict[str, str] = {
    "html_script": f"Emma {SCRIPT}{IMG}{SVG}",
    # SQL, LIKE wildcards, template and format-string syntax
    "injection": "'; DROP TABLE families_child; -- \" OR 1=1 -- % _ \\ {{ request.user }} {% debug %} %s %(name)s {0}",
    # right-to-left text and overrides, emoji with joiners and flags, stacked combining marks
    "unicode": (
        "\u202eabc\u202c مرحبا שלום \u200f 👩\u200d👩\u200d👧\u200d👦 🇳🇱 👍🏿 "
        "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324a\u0308\u0301\u20dd"
    ),
    "nul_and_control": " \t\u00a0\u3000Emma\x00\x01\x08\x0b\x1b[31m\x7f\u2028\ufeff\ufffe\r\nSet-Cookie: x=1\r\n\r\n",
    "long": "Lang " * 4_000,  # 20 000 characters: more than any field takes
    "javascript_url": "javascript:alert('xss-url')//https://example.test/",
}

# Values for fields that expect a number, a date, a time or one of a list: text, nonsense
# and the edges of what the types can hold.
WRONG_TYPES = (
    "not a number",
    "",
    "-1",
    "0",
    "1.5",
    "1e309",
    "NaN",
    "-Infinity",
    "99999999999999999999999999",
    "-9223372036854775809",
    "١٢٣",
    "²",  # a digit to str.isdigit(), not to int()
    "0x10",
    "2024-02-30",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "9999-12-31T23:59",
    "31-12-2024",
    "25:61",
    "2024-13-01T10:00",
    "00000000-0000-0000-0000-000000000000",
    "[]",
    "{}",
    "None",
    "true",
)

# The long payload stays out: hypothesis would print it with every example (long text is drawn below).
FRAGMENTS = [payload for kind, payload in PAYLOADS.items() if kind != "long"] + list(WRONG_TYPES)


def marker_payload(tag: str, max_length: int | None = None) -> str:
    """Text that is valid but for what it carries: markup that must come back escaped
    wherever it is shown. `tag` names the form that stored it; a shorter one for short fields."""
    text = f'<script>alert("xss-{tag}")</script><img src=x onerror=alert(1)>'
    if max_length is not None and len(text) > max_length:
        text = f"<svg onload=alert('xss-{tag}')>"
    return text if max_length is None or len(text) <= max_length else ""


# --- strategies

_any_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)

hostile_text = st.one_of(
    st.sampled_from(FRAGMENTS),
    _any_text,
    st.lists(st.sampled_from(FRAGMENTS) | _any_text, min_size=2, max_size=4).map("".join),
    st.tuples(st.sampled_from(["x", "€", "👍", "<b>", "\x00"]), st.sampled_from([255, 256, 1001, 5000, 70_000])).map(
        lambda pair: pair[0] * pair[1]
    ),
)


def _png(width: int = 4, height: int = 3) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims to be `width`×`height` (a decompression bomb) with no pixel data."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))


HOSTILE_FILES = {
    "empty": ("leeg.jpg", b"", "image/jpeg"),
    "text_as_photo": ("foto.jpg", b"<script>alert(1)</script>", "image/jpeg"),
    "svg": ("foto.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"),
    "truncated_png": ("foto.png", _png()[:40], "image/png"),
    "bomb": ("groot.png", _png_header_only(50_000, 50_000), "image/png"),
    "hostile_name": ('"><img src=x onerror=alert(1)>\x00../../etc/passwd.png', _png(), "image/png"),
    "csv_garbage": ("families.csv", "naam;\x00\n\ufeff'=cmd|' /C calc'!A0\n".encode() + b"\xff\xfe", "text/csv"),
    "photo": ("foto.png", _png(), "image/png"),
}


def hostile_file(kind: str) -> SimpleUploadedFile:
    name, content, content_type = HOSTILE_FILES[kind]
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- the forms of a page


@dataclass
class Field:
    name: str
    kind: str  # the input's type, "select", "select-multiple" or "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False
    attrs: dict = field(default_factory=dict)

    @property
    def is_hidden(self) -> bool:
        return self.kind == "hidden"


@dataclass
class Form:
    action: str  # path and query, resolved against the page
    method: str
    enctype: str
    fields: list[Field] = field(default_factory=list)
    submits: list[tuple[str, str]] = field(default_factory=list)  # named submit buttons

    def signature(self) -> tuple:
        return (self.method, tuple(sorted({(f.name, f.kind) for f in self.fields})), tuple(sorted(self.submits)))


IGNORED_INPUTS = {"button", "reset", "image"}


class FormReader(HTMLParser):
    """Collects every <form> of a page with the fields a browser would send."""

    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: dict | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs_list: list) -> None:
        attrs = {name: (value if value is not None else "") for name, value in attrs_list}
        if tag == "form":
            action = urljoin(self.page_url, attrs.get("action") or self.page_url)
            parts = urlsplit(action)
            self._form = Form(
                action=parts.path + (f"?{parts.query}" if parts.query else ""),
                method=(attrs.get("method") or "get").lower(),
                enctype=attrs.get("enctype", ""),
            )
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in IGNORED_INPUTS:
                return
            if kind == "submit":
                self._form.submits.append((name, attrs.get("value", "")))
                return
            self._form.fields.append(
                Field(name, kind, value=attrs.get("value", ""), checked="checked" in attrs, attrs=attrs)
            )
        elif tag == "button" and name and attrs.get("type", "submit").lower() == "submit":
            self._form.submits.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = Field(name, "select-multiple" if "multiple" in attrs else "select", attrs=attrs)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "text": "", "selected": "selected" in attrs}
        elif tag == "textarea" and name:
            self._textarea = Field(name, "textarea", attrs=attrs)
            self._form.fields.append(self._textarea)

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option["text"] += data
        elif self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "option" and self._option is not None:
            self._close_option()
        elif tag == "select":
            self._close_option()
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def _close_option(self) -> None:
        if self._option is None or self._select is None:
            return
        value = self._option["value"] if self._option["value"] is not None else self._option["text"].strip()
        self._select.options.append(value)
        if self._option["selected"]:
            self._select.value = value
            self._select.checked = True
        self._option = None


def forms_of(html: str, page_url: str) -> list[Form]:
    reader = FormReader(page_url)
    reader.feed(html)
    reader.close()
    return reader.forms


def baseline(fld: Field) -> str | None:
    """What a person filling the form in sensibly would send (None: the field is not sent)."""
    now = timezone.localtime() + timedelta(days=7)
    if fld.kind in ("checkbox", "radio"):
        return (fld.value or "on") if fld.checked else None
    if fld.kind == "file":
        return None
    if fld.kind in ("select", "select-multiple"):
        if fld.checked:
            return fld.value
        filled = [option for option in fld.options if option]
        return filled[0] if filled else (fld.options[0] if fld.options else "")
    if fld.value or fld.is_hidden:
        return fld.value
    return {
        "date": now.date().isoformat(),
        "datetime-local": now.strftime("%Y-%m-%dT10:00"),
        "time": "10:00",
        "number": fld.attrs.get("min") if fld.attrs.get("min", "0") not in ("", "0", "-1") else "1",
        "range": fld.attrs.get("min") or "1",
        "email": "iemand@example.test",
        "tel": "0612345678",
        "url": "https://example.test/",
        "month": now.strftime("%Y-%m"),
        "week": now.strftime("%G-W%V"),
        "color": "#336699",
    }.get(fld.kind, "Test")
