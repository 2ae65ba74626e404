"""The Dutch catalogue is complete, compiled and in step with the source strings.

Dutch is the default UI language and the source strings are English, so a string that is
marked for translation but missing from locale/nl shows up in English to Dutch users.
These tests fail as soon as a developer adds a string without running `make messages`
and translating it.
"""

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.translation.template import templatize

BASE_DIR = Path(settings.BASE_DIR)
NL_PO = BASE_DIR / "locale" / "nl" / "LC_MESSAGES" / "django.po"
NL_MO = NL_PO.with_suffix(".mo")
EN_PO = BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
EN_MO = EN_PO.with_suffix(".mo")

# The folders `make messages` leaves out; everything else in the project is scanned.
IGNORED_DIRS = {".venv", "venv", "staticfiles", "media", "tests", "node_modules", "locale", "__pycache__"}

# Python's %-placeholders (%(name)s, %d, %s, ...) and str.format ones ({name}, {0}).
PERCENT_PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[#0 +-]*\d*(?:\.\d+)?[sdifrxXeEgGc]")
BRACE_PLACEHOLDER = re.compile(r"\{\w*\}")

# The gettext functions Django's makemessages looks for, and which arguments are what.
# "c" is the context, "s" the singular, "p" the plural.
PYTHON_KEYWORDS = {
    "_": "s",
    "gettext": "s",
    "gettext_lazy": "s",
    "gettext_noop": "s",
    "ngettext": "sp",
    "ngettext_lazy": "sp",
    "pgettext": "cs",
    "pgettext_lazy": "cs",
    "npgettext": "csp",
    "npgettext_lazy": "csp",
}
# templatize() turns a template into gettext(u'...') / ngettext(u'...', u'...', count) /
# pgettext(u'ctx', u'...') calls between filler characters; `_("...")` in filter
# arguments is passed through as written.
TEMPLATE_CALL = re.compile(
    r"""\b(?P<name>gettext|ngettext|pgettext|npgettext|_)\(\s*"""
    r"""(?P<args>(?:u?(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")\s*,?\s*)+)"""
)
STRING_LITERAL = re.compile(r"""u?('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")""")


def _placeholders(text: str) -> list[str]:
    text = text.replace("%%", "")
    return sorted(PERCENT_PLACEHOLDER.findall(text) + BRACE_PLACEHOLDER.findall(text))


def _live_entries(catalogue) -> list[polib.POEntry]:
    return [entry for entry in catalogue if not entry.obsolete]


def _key(entry) -> tuple[str | None, str, str | None]:
    return (entry.msgctxt or None, entry.msgid, entry.msgid_plural or None)


def _translations(catalogue) -> dict:
    return {
        _key(entry): tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr
        for entry in _live_entries(catalogue)
    }


def _source_files(suffixes: tuple[str, ...]) -> list[Path]:
    found = []
    for folder, subfolders, files in os.walk(BASE_DIR):
        subfolders[:] = [name for name in subfolders if name not in IGNORED_DIRS and not name.startswith(".")]
        found.extend(Path(folder) / name for name in files if name.endswith(suffixes))
    return sorted(found)


def _message(kind: str, strings: list[str]) -> tuple[str | None, str, str | None]:
    values = dict(zip(kind, strings, strict=False))
    return (values.get("c"), values["s"], values.get("p"))


def _python_messages(path: Path) -> set[tuple[str | None, str, str | None]]:
    messages = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        kind = PYTHON_KEYWORDS.get(name)
        if kind is None or len(node.args) < len(kind):
            continue
        args = node.args[: len(kind)]
        if all(isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in args):
            messages.add(_message(kind, [arg.value for arg in args]))
    return messages


def _template_messages(path: Path) -> set[tuple[str | None, str, str | None]]:
    messages = set()
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for call in TEMPLATE_CALL.finditer(code):
        strings = [ast.literal_eval(literal) for literal in STRING_LITERAL.findall(call["args"])]
        kind = {"gettext": "s", "_": "s", "ngettext": "sp", "pgettext": "cs", "npgettext": "csp"}[call["name"]]
        if len(strings) >= len(kind):
            messages.add(_message(kind, strings[: len(kind)]))
    return messages


def _where(path: Path) -> str:
    return str(path.relative_to(BASE_DIR))


# --- The catalogues --------------------------------------------------------------


def test_the_dutch_catalogue_is_fully_translated():
    catalogue = polib.pofile(str(NL_PO))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    assert untranslated == [], f"Untranslated Dutch strings in {_where(NL_PO)}: {untranslated}"
    assert catalogue.percent_translated() == 100


def test_the_dutch_catalogue_has_no_fuzzy_entries():
    catalogue = polib.pofile(str(NL_PO))
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert fuzzy == [], f"Fuzzy entries (check and remove the fuzzy flag) in {_where(NL_PO)}: {fuzzy}"
    assert not catalogue.metadata_is_fuzzy, "The catalogue header is still marked fuzzy."


def test_the_dutch_plural_forms_are_all_filled_in():
    catalogue = polib.pofile(str(NL_PO))
    assert catalogue.metadata.get("Plural-Forms", "").startswith("nplurals=2;")
    for entry in _live_entries(catalogue):
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1], entry.msgid
            assert all(form.strip() for form in entry.msgstr_plural.values()), entry.msgid


def test_the_compiled_dutch_catalogue_matches_the_po_file():
    assert NL_MO.exists(), f"{_where(NL_MO)} is missing: run `make messages`."
    catalogue = polib.pofile(str(NL_PO))
    compiled = polib.mofile(str(NL_MO))
    assert len(compiled) == len(catalogue.translated_entries())
    assert _translations(compiled) == _translations(catalogue), (
        f"{_where(NL_MO)} is older than {_where(NL_PO)}: run `make messages`."
    )


def test_english_is_an_explicit_catalogue_with_the_same_strings():
    assert EN_MO.exists(), f"{_where(EN_MO)} is missing: run `make messages`."
    english = {_key(entry) for entry in _live_entries(polib.pofile(str(EN_PO)))}
    dutch = {_key(entry) for entry in _live_entries(polib.pofile(str(NL_PO)))}
    assert english == dutch


@pytest.mark.parametrize(
    "entry",
    [entry for entry in _live_entries(polib.pofile(str(NL_PO))) if _placeholders(entry.msgid)],
    ids=lambda entry: entry.msgid[:40],
)
def test_a_dutch_translation_keeps_the_placeholders_of_its_source(entry):
    if entry.msgid_plural:
        assert _placeholders(entry.msgstr_plural[0]) == _placeholders(entry.msgid)
        assert _placeholders(entry.msgstr_plural[1]) == _placeholders(entry.msgid_plural)
    else:
        assert _placeholders(entry.msgstr) == _placeholders(entry.msgid)


# --- The catalogue is in step with the source -------------------------------------


def test_every_marked_string_in_the_templates_is_in_the_dutch_catalogue():
    known = {_key(entry) for entry in _live_entries(polib.pofile(str(NL_PO)))}
    missing = [
        f"{_where(path)}: {message[1]!r}"
        for path in _source_files((".html", ".txt"))
        for message in sorted(_template_messages(path), key=str)
        if message not in known
    ]
    assert missing == [], "Run `make messages` and translate: " + "; ".join(missing)


def test_every_marked_string_in_the_python_code_is_in_the_dutch_catalogue():
    known = {_key(entry) for entry in _live_entries(polib.pofile(str(NL_PO)))}
    missing = [
        f"{_where(path)}: {message[1]!r}"
        for path in _source_files((".py",))
        for message in sorted(_python_messages(path), key=str)
        if message not in known
    ]
    assert missing == [], "Run `make messages` and translate: " + "; ".join(missing)


def test_the_source_scan_finds_the_strings_it_should():
    """Guards the scanner itself: it must see block, plural and Python strings."""
    templates = set().union(*(_template_messages(path) for path in _source_files((".html", ".txt"))))
    python = set().union(*(_python_messages(path) for path in _source_files((".py",))))
    assert (None, "Log in", None) in templates
    assert (None, "Hello %(name)s", None) in templates
    assert (None, "%(counter)s child", "%(counter)s children") in templates
    assert (None, "%d invitation sent.", "%d invitations sent.") in python
    assert (None, "home language", None) in python


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="xgettext (Debian package gettext) is not installed")
def test_makemessages_would_not_change_the_dutch_catalogue(tmp_path):
    """The real extractor, run on a copy of the project so the committed files stay as they are."""
    copy = tmp_path / "project"
    shutil.copytree(
        BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(*IGNORED_DIRS - {"locale"}, ".*", "*.sqlite3", "*.pyc", "test-artifacts"),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "nl",
            "--no-obsolete",
            "--no-location",
            "--ignore=.venv",
            "--ignore=staticfiles",
            "--ignore=tests",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    extracted = {_key(entry) for entry in _live_entries(polib.pofile(str(copy / NL_PO.relative_to(BASE_DIR))))}
    committed = {_key(entry) for entry in _live_entries(polib.pofile(str(NL_PO)))}
    assert sorted(extracted - committed, key=str) == [], "New strings: run `make messages` and translate them."
    assert sorted(committed - extracted, key=str) == [], "Strings no longer in the code: run `make messages`."


# --- The pages speak the right language ----------------------------------------------


@pytest.mark.django_db
def test_the_login_page_is_dutch_by_default():
    response = Client().get(reverse("account_login"))
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl"' in content
    assert "Inloggen" in content


@pytest.mark.django_db
def test_the_login_page_is_english_with_the_language_cookie_set_to_english():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("account_login"))
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in content
    assert "Log in" in content
    assert "Inloggen" not in content


@pytest.mark.django_db
def test_the_login_page_follows_the_browser_language_without_a_cookie():
    response = Client(headers={"accept-language": "en-GB,en;q=0.9"}).get(reverse("account_login"))
    content = response.content.decode()
    assert '<html lang="en"' in content
    assert "Log in" in content
    assert "Inloggen" not in content
