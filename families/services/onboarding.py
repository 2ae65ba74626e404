"""CSV onboarding: the families, parents and children of an existing location, from a spreadsheet.

One row per placement of a child. A family with two children has two rows that repeat the
family's and the parents' columns (or leave them empty on the later row). The format is
described in docs/csv-onboarding.md and on the upload page; both are built from `COLUMNS`.

Reading a file is three steps: `csv_read` (size, encoding, separator, header: a file that
fails here is refused as a whole), `_Checker` (every value, and the file against the
database, without writing; each problem with its line number) and, unless it is a dry run
and only when nothing failed, `_apply`, all inside one transaction. Families and
children are matched by external id, parents by email address within the family (or by
name), placements by child, group and start date: importing the same file again updates
instead of duplicating. An empty optional cell never erases what is stored.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import access
from accounts.models import User
from families.languages import LANGUAGE_CHOICES
from families.models import Child, Family, Guardian, HomeLanguage, Placement
from families.services.records import InviteOutcome, family_languages_set, guardian_invite
from groups.models import Group, Location
from groups.selectors import professionals_by_group
from privacy import audit

MAX_MEGABYTES = 2
MAX_BYTES = MAX_MEGABYTES * 1024 * 1024
MAX_ROWS = 5000

# --- Values ---------------------------------------------------------------------------


class CellError(ValueError):
    """A value that cannot be read; the message is shown to the user."""


_ISO_DATE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
_DUTCH_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")

_BOOLEANS = {
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "ja": True,
    "j": True,
    "waar": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
    "nee": False,
    "onwaar": False,
}

_RELATIONSHIPS = {
    "mother": Guardian.Relationship.MOTHER,
    "moeder": Guardian.Relationship.MOTHER,
    "father": Guardian.Relationship.FATHER,
    "vader": Guardian.Relationship.FATHER,
    "parent": Guardian.Relationship.PARENT,
    "ouder": Guardian.Relationship.PARENT,
    "foster parent": Guardian.Relationship.FOSTER_PARENT,
    "pleegouder": Guardian.Relationship.FOSTER_PARENT,
    "pleegmoeder": Guardian.Relationship.FOSTER_PARENT,
    "pleegvader": Guardian.Relationship.FOSTER_PARENT,
    "guardian": Guardian.Relationship.GUARDIAN,
    "voogd": Guardian.Relationship.GUARDIAN,
    "other": Guardian.Relationship.OTHER,
    "anders": Guardian.Relationship.OTHER,
}


def _text(max_length: int) -> Callable[[str], str]:
    def parse(value: str) -> str:
        value = " ".join(value.split())
        if len(value) > max_length:
            raise CellError(
                _("At most %(max)d characters, this has %(length)d.") % {"max": max_length, "length": len(value)}
            )
        return value

    return parse


def parse_email(value: str) -> str:
    value = value.strip().lower()
    try:
        validate_email(value)
    except ValidationError:
        raise CellError(_("%(value)s is not a valid email address.") % {"value": value})
    return value


def parse_date(value: str) -> date:
    """YYYY-MM-DD, or the Dutch DD-MM-YYYY (also D-M-YYYY, with / or . between)."""
    if match := _ISO_DATE.fullmatch(value):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DUTCH_DATE.fullmatch(value):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise CellError(_("%(value)s is not a date: write it as YYYY-MM-DD or DD-MM-YYYY.") % {"value": value})
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(_("%(value)s does not exist as a date.") % {"value": value})


def parse_boolean(value: str) -> bool:
    try:
        return _BOOLEANS[value.strip().lower()]
    except KeyError:
        raise CellError(_("%(value)s is neither yes nor no (ja/nee).") % {"value": value})


def parse_relationship(value: str) -> str:
    key = " ".join(value.replace("_", " ").replace("-", " ").lower().split())
    try:
        return _RELATIONSHIPS[key]
    except KeyError:
        raise CellError(
            _(
                "%(value)s is not a relationship we know: use mother, father, parent, foster parent, guardian "
                "or other (in Dutch: moeder, vader, ouder, pleegouder, voogd, anders)."
            )
            % {"value": value}
        )


@functools.cache
def _language_names() -> dict[str, str]:
    """Every language code, and the language's English and Dutch name, to its code."""
    names = {code: code for code, _label in LANGUAGE_CHOICES}
    for ui_language in ("en", "nl"):
        with translation.override(ui_language):
            names.update({str(label).casefold(): code for code, label in LANGUAGE_CHOICES})
    return names


def parse_language(value: str) -> str:
    code = _language_names().get(value.strip().casefold())
    if code is None:
        raise CellError(
            _("%(value)s is not a language code we know, such as nl, ar or tr: see the list of codes.")
            % {"value": value}
        )
    return code


def parse_languages(value: str) -> tuple[str, ...]:
    """Several languages, separated by semicolons or commas: "ar;nl"."""
    codes: list[str] = []
    for part in re.split(r"[;,]", value):
        if part.strip():
            code = parse_language(part)
            if code not in codes:
                codes.append(code)
    return tuple(codes)


# --- Columns --------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    english: str
    dutch: str
    required: bool
    parse: Callable[[str], Any]
    description: Promise
    aliases: tuple[str, ...] = ()


def _guardian_columns(number: int) -> tuple[Column, ...]:
    first = number == 1
    name_description = (
        gettext_lazy("The first parent: required.")
        if first
        else gettext_lazy("Required when the row names a second parent; leave the parent 2 columns empty otherwise.")
    )
    return (
        Column(
            f"guardian{number}_first_name",
            f"guardian {number} first name",
            f"ouder {number} voornaam",
            first,
            _text(100),
            name_description,
            (f"parent {number} first name",),
        ),
        Column(
            f"guardian{number}_last_name",
            f"guardian {number} last name",
            f"ouder {number} achternaam",
            first,
            _text(100),
            name_description,
            (f"parent {number} last name",),
        ),
        Column(
            f"guardian{number}_email",
            f"guardian {number} email",
            f"ouder {number} e-mail",
            False,
            parse_email,
            gettext_lazy("Needed to invite the parent; every parent needs their own address."),
            (f"parent {number} email",),
        ),
        Column(
            f"guardian{number}_phone",
            f"guardian {number} phone",
            f"ouder {number} telefoon",
            False,
            _text(30),
            gettext_lazy("Phone number."),
            (f"parent {number} phone",),
        ),
        Column(
            f"guardian{number}_relationship",
            f"guardian {number} relationship",
            f"ouder {number} relatie",
            False,
            parse_relationship,
            gettext_lazy("mother, father, parent, foster parent, guardian or other; empty means parent."),
            (f"parent {number} relationship",),
        ),
        Column(
            f"guardian{number}_language",
            f"guardian {number} preferred language",
            f"ouder {number} voorkeurstaal",
            False,
            parse_language,
            gettext_lazy("Language code; empty means the family's preferred language."),
            (f"parent {number} preferred language",),
        ),
    )


COLUMNS: tuple[Column, ...] = (
    Column(
        "family_name",
        "family name",
        "gezinsnaam",
        True,
        _text(150),
        gettext_lazy("How the household is addressed, e.g. Yilmaz."),
    ),
    Column(
        "family_external_id",
        "family external id",
        "gezin extern id",
        True,
        _text(64),
        gettext_lazy("The family's number in your planning system; rows with the same number are one family."),
    ),
    Column(
        "home_languages",
        "home languages",
        "thuistalen",
        False,
        parse_languages,
        gettext_lazy("Language codes separated by semicolons, e.g. ar;nl."),
    ),
    Column(
        "preferred_language",
        "preferred language",
        "voorkeurstaal",
        False,
        parse_language,
        gettext_lazy("The language for communication with the family; empty means Dutch (nl)."),
    ),
    Column(
        "interpreter_needed",
        "interpreter needed",
        "tolk nodig",
        False,
        parse_boolean,
        gettext_lazy("yes or no (ja or nee); empty means no."),
    ),
    *_guardian_columns(1),
    *_guardian_columns(2),
    Column("child_first_name", "child first name", "kind voornaam", True, _text(100), gettext_lazy("First name.")),
    Column("child_last_name", "child last name", "kind achternaam", True, _text(100), gettext_lazy("Last name.")),
    Column(
        "child_birth_date",
        "child birth date",
        "kind geboortedatum",
        True,
        parse_date,
        gettext_lazy("YYYY-MM-DD or DD-MM-YYYY."),
    ),
    Column(
        "child_external_id",
        "child external id",
        "kind extern id",
        True,
        _text(64),
        gettext_lazy("The child's number in your planning system."),
    ),
    Column(
        "group",
        "group",
        "groep",
        True,
        _text(120),
        gettext_lazy("The name of a group of the chosen location."),
    ),
    Column(
        "mentor_email",
        "mentor email",
        "mentor e-mail",
        False,
        parse_email,
        gettext_lazy("The login of a professional who works in that group (or in the whole location)."),
    ),
    Column(
        "start_date",
        "start date",
        "startdatum",
        True,
        parse_date,
        gettext_lazy("First day in the group: YYYY-MM-DD or DD-MM-YYYY."),
    ),
    Column(
        "end_date",
        "end date",
        "einddatum",
        False,
        parse_date,
        gettext_lazy("Last day in the group; empty while the child stays."),
    ),
)

_FAMILY_KEYS = tuple(
    column.key
    for column in COLUMNS
    if column.key.startswith(("family_", "guardian"))
    or column.key in ("home_languages", "preferred_language", "interpreter_needed")
)
_CHILD_KEYS = ("child_first_name", "child_last_name", "child_birth_date")
_COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
_GUARDIAN_FIELDS = ("first_name", "last_name", "email", "phone", "relationship", "language")


def _normalise_header(text: str) -> str:
    text = text.replace("\ufeff", "").lower().replace("-", "")
    text = re.sub(r"[?*:]", "", text)
    text = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", text)
    return " ".join(re.sub(r"[_.]", " ", text).split())


_BY_HEADER: dict[str, Column] = {
    _normalise_header(name): column for column in COLUMNS for name in (column.english, column.dutch, *column.aliases)
}


# --- Reading the file -----------------------------------------------------------------


@dataclass(frozen=True)
class CsvTable:
    """A file whose encoding and header are right: its rows, by line number."""

    text: str
    delimiter: str
    headers: dict[str, str]  # column key -> the header as written in the file
    rows: list[tuple[int, dict[str, str]]]  # (line number, column key -> cell)
    overfull_lines: list[int] = field(default_factory=list)  # lines with more cells than the header


def _save_as_utf8() -> str:
    return _(
        'In Excel choose Save as and the file type "CSV UTF-8 (comma delimited)"; in LibreOffice tick '
        '"Edit filter settings" and choose the character set "Unicode (UTF-8)".'
    )


def _decode(data: bytes) -> str:
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ValidationError(_("This is an Excel workbook, not a CSV file.") + " " + _save_as_utf8())
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ValidationError(_("The file is saved as UTF-16, not as UTF-8.") + " " + _save_as_utf8())
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ValidationError(
            _(
                "The file is not saved as UTF-8: line %(line)d holds a character that cannot be read "
                "(an é or ü written in another encoding, such as Windows-1252)."
            )
            % {"line": line}
            + " "
            + _save_as_utf8()
        )
    if "\x00" in text:
        raise ValidationError(_("This is not a text file.") + " " + _save_as_utf8())
    return text


def _delimiter(text: str) -> str:
    """The separator of the header line: Dutch spreadsheet programs write semicolons."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    header = re.sub(r'"[^"]*"', "", header)
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def csv_read(data: bytes | str) -> CsvTable:
    """Decode and split the file; a wrong size, encoding or header refuses it as a whole."""
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8"))
    if size > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)d MB. Split it into smaller files, e.g. one per group.")
            % {"size": MAX_MEGABYTES}
        )
    text = _decode(data) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    if not text.strip():
        raise ValidationError(_("The file is empty."))
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    records: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = cells
                continue
            records.append((start, cells))
            if len(records) > MAX_ROWS:
                raise ValidationError(
                    _("The file has more than %(rows)d rows. Split it into smaller files, e.g. one per group.")
                    % {"rows": MAX_ROWS}
                )
    except csv.Error:
        raise ValidationError(
            _("The file cannot be read as CSV near line %(line)d: check the quotes around values.") % {"line": line}
        )
    if header is None:
        raise ValidationError(_("The file is empty."))
    keys = _header_keys(header, records)
    if not records:
        raise ValidationError(_("The file has a header but no rows with data."))

    rows: list[tuple[int, dict[str, str]]] = []
    overfull: list[int] = []
    for number, cells in records:
        if any(cell.strip() for cell in cells[len(keys) :]):
            overfull.append(number)
        rows.append((number, {key: cell.strip() for key, cell in zip(keys, cells, strict=False) if key}))
    headers = {key: name.replace("\ufeff", "").strip() for key, name in zip(keys, header, strict=True) if key}
    return CsvTable(text=text, delimiter=delimiter, headers=headers, rows=rows, overfull_lines=overfull)


def _header_keys(header: list[str], records: list[tuple[int, list[str]]]) -> list[str]:
    """The column key of each position in the header ("" for an unnamed, empty column)."""
    keys: list[str] = []
    unknown: list[str] = []
    duplicates: list[str] = []
    problems: list[str] = []
    for position, name in enumerate(header):
        normalised = _normalise_header(name)
        if not normalised:
            if any(position < len(cells) and cells[position].strip() for _line, cells in records):
                problems.append(_("Column %(number)d has values but no name in the header.") % {"number": position + 1})
            keys.append("")
            continue
        column = _BY_HEADER.get(normalised)
        if column is None:
            unknown.append(name.strip())
            keys.append("")
        elif column.key in keys:
            duplicates.append(name.strip())
            keys.append("")
        else:
            keys.append(column.key)
    missing = [f"{column.english} ({column.dutch})" for column in COLUMNS if column.required and column.key not in keys]
    if missing:
        problems.insert(
            0,
            _(
                "The header lacks required columns: %(columns)s. The first line of the file must name the "
                "columns, in English or in Dutch (see the list of columns)."
            )
            % {"columns": ", ".join(missing)},
        )
    if unknown:
        problems.append(
            _("Unknown columns in the header: %(columns)s. Use the column names from the list, in English or Dutch.")
            % {"columns": ", ".join(unknown)}
        )
    if duplicates:
        problems.append(
            _("These columns appear twice in the header: %(columns)s.") % {"columns": ", ".join(duplicates)}
        )
    if problems:
        raise ValidationError(problems)
    return keys


# --- The result -----------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    line: int
    column: str  # the header as written in the file; "" for the whole line
    message: str


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def count(self, *, new: bool, changed: bool) -> None:
        if new:
            self.created += 1
        elif changed:
            self.updated += 1
        else:
            self.unchanged += 1


@dataclass
class ImportResult:
    """What an import did, or in a dry run would do; nothing is saved when there are problems."""

    dry_run: bool
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    families: Counts = field(default_factory=Counts)
    guardians: Counts = field(default_factory=Counts)
    children: Counts = field(default_factory=Counts)
    placements: Counts = field(default_factory=Counts)
    invitations: int = 0  # sent, or in a dry run: to be sent

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def saved(self) -> bool:
        return self.ok and not self.dry_run

    @property
    def kinds(self) -> list[tuple[str, Counts]]:
        return [
            (_("Families"), self.families),
            (_("Parents"), self.guardians),
            (_("Children"), self.children),
            (_("Placements"), self.placements),
        ]

    def summary(self) -> dict[str, Any]:
        """The counts as plain data, e.g. to keep in the session."""
        return {
            "rows": self.rows,
            "invitations": self.invitations,
            **{kind: vars(getattr(self, kind)) for kind in ("families", "guardians", "children", "placements")},
        }

    @classmethod
    def from_summary(cls, summary: dict[str, Any]) -> ImportResult:
        counts = {kind: Counts(**summary[kind]) for kind in ("families", "guardians", "children", "placements")}
        return cls(dry_run=False, rows=summary["rows"], invitations=summary["invitations"], **counts)


# --- Checking the rows ----------------------------------------------------------------

_INVALID = object()  # a value that could not be read; its problem is reported already


@dataclass
class _Cell:
    value: Any
    raw: str
    line: int


@dataclass
class _GuardianPlan:
    instance: Guardian
    new: bool
    changed: bool
    invite: bool


@dataclass
class _FamilyPlan:
    instance: Family
    new: bool
    changed: bool
    languages: tuple[str, ...] | None
    languages_changed: bool
    guardians: list[_GuardianPlan]


@dataclass
class _Plan:
    families: list[_FamilyPlan] = field(default_factory=list)
    children: list[tuple[Child, bool, bool]] = field(default_factory=list)  # (child, new, changed)
    placements: list[tuple[Placement, bool, bool]] = field(default_factory=list)


class _Checker:
    """Reads every row and compares the file with the database, without writing."""

    def __init__(self, table: CsvTable, *, location: Location, user: User, invite_guardians: bool) -> None:
        self.table = table
        self.location = location
        self.user = user
        self.invite_guardians = invite_guardians
        self.problems: list[Problem] = []
        # Each parent's email address in the file: (family external id, parent number, line).
        self.seen_emails: dict[str, tuple[str, int, int]] = {}

    def problem(self, line: int, key: str, message: str) -> None:
        column = self.table.headers.get(key) or (_COLUMNS_BY_KEY[key].english if key else "")
        self.problems.append(Problem(line, column, message))

    # Reading values

    def _parse_rows(self) -> list[tuple[int, dict[str, _Cell]]]:
        parsed = []
        overfull = set(self.table.overfull_lines)
        for line, cells in self.table.rows:
            if line in overfull:
                self.problem(
                    line,
                    "",
                    _(
                        "This line has more cells than the header has columns. Is there a %(delimiter)s inside a "
                        "value? Then put that value in double quotes."
                    )
                    % {"delimiter": self.table.delimiter.replace("\t", "tab")},
                )
            row: dict[str, _Cell] = {}
            for key, raw in cells.items():
                if not raw:
                    continue
                try:
                    value = _COLUMNS_BY_KEY[key].parse(raw)
                except CellError as error:
                    self.problem(line, key, str(error))
                    value = _INVALID
                row[key] = _Cell(value, raw, line)
            parsed.append((line, row))
        return parsed

    def _merge(self, rows: list[tuple[int, dict[str, _Cell]]], keys: Iterable[str], differs: str) -> dict[str, _Cell]:
        """One value per column for a family or child listed on several rows; differences are problems."""
        merged: dict[str, _Cell] = {}
        for line, row in rows:
            for key in keys:
                cell = row.get(key)
                if cell is None:
                    continue
                first = merged.get(key)
                if first is None:
                    merged[key] = cell
                elif _INVALID not in (first.value, cell.value) and first.value != cell.value:
                    self.problem(line, key, differs % {"line": first.line, "value": first.raw})
        return merged

    def _require(self, merged: dict[str, _Cell], keys: Iterable[str], line: int) -> bool:
        complete = True
        for key in keys:
            if key not in merged:
                self.problem(line, key, _("This value is required."))
                complete = False
            elif merged[key].value is _INVALID:
                complete = False
        return complete

    # The whole file

    def check(self) -> _Plan:
        rows = self._parse_rows()
        by_family: dict[str, list[tuple[int, dict[str, _Cell]]]] = {}
        by_child: dict[str, list[tuple[int, dict[str, _Cell]]]] = {}
        for line, row in rows:
            complete = self._require(row, ("family_external_id", "child_external_id"), line)
            if complete:
                by_family.setdefault(row["family_external_id"].value, []).append((line, row))
                by_child.setdefault(row["child_external_id"].value, []).append((line, row))

        self._load(by_family, by_child)
        plan = _Plan()
        family_plans: dict[str, _FamilyPlan] = {}
        for external_id, family_rows in by_family.items():
            family_plan = self._family(external_id, family_rows)
            if family_plan is not None:
                family_plans[external_id] = family_plan
                plan.families.append(family_plan)

        child_plans: dict[str, Child] = {}
        for external_id, child_rows in by_child.items():
            child = self._child(external_id, child_rows, family_plans)
            if child is not None:
                child_plans[external_id] = child[0]
                plan.children.append(child)

        seen_placements: dict[tuple[str, int, date], int] = {}
        for line, row in rows:
            placement = self._placement(line, row, child_plans, seen_placements)
            if placement is not None:
                plan.placements.append(placement)
        return plan

    def _load(self, by_family: dict[str, list], by_child: dict[str, list]) -> None:
        """Everything the file is checked against, in a fixed number of queries."""
        self.families = {family.external_id: family for family in Family.objects.filter(external_id__in=by_family)}
        self.reachable_family_ids = set(
            self.families_within_reach().filter(external_id__in=by_family).values_list("pk", flat=True)
        )
        self.children = {child.external_id: child for child in Child.objects.filter(external_id__in=by_child)}
        self.guardians: dict[Any, list[Guardian]] = {}
        for guardian in Guardian.objects.filter(family__in=self.families.values()).select_related("user"):
            self.guardians.setdefault(guardian.family_id, []).append(guardian)
        self.home_languages: dict[Any, set[str]] = {}
        for family_id, language in HomeLanguage.objects.filter(family__in=self.families.values()).values_list(
            "family_id", "language"
        ):
            self.home_languages.setdefault(family_id, set()).add(language)
        self.placements = {
            (placement.child_id, placement.group_id, placement.start_date): placement
            for placement in Placement.objects.filter(child__in=self.children.values())
        }
        groups = list(Group.objects.filter(location=self.location, is_active=True).select_related("location"))
        self.groups = {group.name.casefold(): group for group in groups}
        self.mentors = {
            group_id: {user.email.lower(): user for user in users}
            for group_id, users in professionals_by_group(Group.objects.filter(pk__in=[g.pk for g in groups])).items()
        }
        emails = {
            cell.value
            for rows in by_family.values()
            for _line, row in rows
            for key, cell in row.items()
            if key.startswith("guardian") and key.endswith("_email") and cell.value is not _INVALID
        }
        self.emails_in_use: dict[str, set[Any]] = {}
        for email, family_id in (
            Guardian.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=emails)
            .values_list("email_lower", "family_id")
        ):
            self.emails_in_use.setdefault(email, set()).add(family_id)
        staff = User.objects.filter(email__in=emails, assignments__isnull=False)
        self.staff_logins = dict(staff.values_list("email", "pk"))

    def families_within_reach(self) -> QuerySet[Family]:
        """Families the user may update: an admin all, others those whose children they see at work."""
        if access.is_org_admin(self.user):
            return Family.objects.all()
        return Family.objects.filter(pk__in=access.children_for(self.user, as_parent=False).values("family_id"))

    def _family(self, external_id: str, rows: list[tuple[int, dict[str, _Cell]]]) -> _FamilyPlan | None:
        merged = self._merge(rows, _FAMILY_KEYS, _("Differs from line %(line)d (%(value)s) for the same family."))
        line = rows[0][0]
        complete = self._require(merged, ("family_name", "guardian1_first_name", "guardian1_last_name"), line)
        family = self.families.get(external_id)
        if family is not None and family.pk not in self.reachable_family_ids:
            self.problem(
                line,
                "family_external_id",
                _("The external id %(value)s belongs to a family outside your locations.") % {"value": external_id},
            )
            return None
        values = _values(merged, {"name": "family_name", "preferred_language": "preferred_language"})
        values.update(_values(merged, {"interpreter_needed": "interpreter_needed"}))
        new = family is None
        if new:
            family = Family(external_id=external_id, created_by=self.user, **values)
        changed = _assign(family, values)

        languages = _value(merged, "home_languages")
        languages_changed = languages is not None and set(languages) != self.home_languages.get(family.pk, set())

        guardian_plans: list[_GuardianPlan] = []
        matched: set[Any] = set()
        for number in (1, 2):
            cells = {name: merged.get(f"guardian{number}_{name}") for name in _GUARDIAN_FIELDS}
            if not any(cells.values()):
                continue
            if number == 2 and not self._require(merged, ("guardian2_first_name", "guardian2_last_name"), line):
                complete = False
                continue
            guardian_plan = self._guardian(number, cells, family, new_family=new, matched=matched)
            if guardian_plan is not None:
                guardian_plans.append(guardian_plan)
        if not complete:
            return None
        return _FamilyPlan(family, new, changed, languages, languages_changed, guardian_plans)

    def _guardian(
        self, number: int, cells: dict[str, _Cell | None], family: Family, *, new_family: bool, matched: set[Any]
    ) -> _GuardianPlan | None:
        if any(cell is not None and cell.value is _INVALID for cell in cells.values()):
            return None
        if cells["first_name"] is None or cells["last_name"] is None:
            return None  # reported as required
        value = {name: cell.value if cell else None for name, cell in cells.items()}
        email = value["email"]
        email_key = f"guardian{number}_email"
        if email:
            earlier = self.seen_emails.get(email)
            if earlier and earlier[:2] != (family.external_id, number):
                self.problem(
                    cells["email"].line,
                    email_key,
                    _(
                        "This email address is also given for another parent on line %(line)d; every parent "
                        "needs their own address."
                    )
                    % {"line": earlier[2]},
                )
                return None
            self.seen_emails.setdefault(email, (family.external_id, number, cells["email"].line))
            owners = self.emails_in_use.get(email, set())
            if owners - {None if new_family else family.pk}:
                self.problem(
                    cells["email"].line,
                    email_key,
                    _("This email address already belongs to a parent of another family."),
                )
                return None

        existing = None if new_family else self._existing_guardian(family, value)
        if existing is not None and existing.pk in matched:
            self.problem(
                cells["first_name"].line, "guardian2_first_name", _("Parent 2 is the same person as parent 1.")
            )
            return None
        if email and email in self.staff_logins and (existing is None or existing.user_id != self.staff_logins[email]):
            self.problem(cells["email"].line, email_key, _("This email address belongs to a staff member's login."))
            return None

        values = {
            "first_name": value["first_name"],
            "last_name": value["last_name"],
            "email": email,
            "phone": value["phone"],
            "relationship": value["relationship"],
            "preferred_language": value["language"],
        }
        values = {name: field_value for name, field_value in values.items() if field_value is not None}
        if existing is None:
            values.setdefault("relationship", Guardian.Relationship.PARENT)
            values.setdefault("preferred_language", family.preferred_language)
            guardian = Guardian(family=family, **values)
            changed = False
        else:
            matched.add(existing.pk)
            guardian = existing
            changed = _assign(guardian, values)
        active = guardian.user is not None and guardian.user.has_usable_password() and guardian.user.last_login
        invite = self.invite_guardians and bool(guardian.email) and not active
        return _GuardianPlan(guardian, existing is None, changed, invite)

    def _existing_guardian(self, family: Family, value: dict[str, Any]) -> Guardian | None:
        """The same parent in Samenspel: by email address, else by name when one side has no address."""
        candidates = self.guardians.get(family.pk, [])
        email = value["email"]
        if email:
            for guardian in candidates:
                if guardian.email.lower() == email:
                    return guardian
        name = (value["first_name"].casefold(), value["last_name"].casefold())
        for guardian in candidates:
            if (guardian.first_name.casefold(), guardian.last_name.casefold()) == name and (
                not guardian.email or not email
            ):
                return guardian
        return None

    def _child(
        self, external_id: str, rows: list[tuple[int, dict[str, _Cell]]], families: dict[str, _FamilyPlan]
    ) -> tuple[Child, bool, bool] | None:
        line = rows[0][0]
        family_ids = {row["family_external_id"].value: row_line for row_line, row in rows}
        first_family = rows[0][1]["family_external_id"].value
        for family_id, row_line in family_ids.items():
            if family_id != first_family:
                self.problem(
                    row_line,
                    "child_external_id",
                    _("The child %(value)s is listed under another family on line %(line)d.")
                    % {"value": external_id, "line": line},
                )
                return None
        merged = self._merge(rows, _CHILD_KEYS, _("Differs from line %(line)d (%(value)s) for the same child."))
        complete = self._require(merged, _CHILD_KEYS, line)
        birth_date = _value(merged, "child_birth_date")
        if birth_date is not None and birth_date > timezone.localdate():
            self.problem(
                merged["child_birth_date"].line,
                "child_birth_date",
                _("The birth date %(value)s is in the future.") % {"value": merged["child_birth_date"].raw},
            )
            complete = False
        child = self.children.get(external_id)
        family = self.families.get(first_family)
        if child is not None and (family is None or child.family_id != family.pk):
            self.problem(
                line,
                "child_external_id",
                _("The external id %(value)s belongs to a child of another family.") % {"value": external_id},
            )
            return None
        family_plan = families.get(first_family)
        if not complete or family_plan is None:
            return None
        values = {
            "first_name": merged["child_first_name"].value,
            "last_name": merged["child_last_name"].value,
            "birth_date": birth_date,
        }
        if child is None:
            return Child(family=family_plan.instance, external_id=external_id, **values), True, False
        return child, False, _assign(child, values)

    def _placement(
        self,
        line: int,
        row: dict[str, _Cell],
        children: dict[str, Child],
        seen: dict[tuple[str, int, date], int],
    ) -> tuple[Placement, bool, bool] | None:
        complete = self._require(row, ("group", "start_date"), line)
        group = self._group(line, row)
        mentor, mentor_ok = self._mentor(line, row, group)
        start, end = _value(row, "start_date"), _value(row, "end_date")
        if start and end and end < start:
            self.problem(
                line,
                "end_date",
                _("The end date %(end)s is before the start date %(start)s.")
                % {"end": row["end_date"].raw, "start": row["start_date"].raw},
            )
            complete = False
        child = children.get(_value(row, "child_external_id"))
        if child and start and start < child.birth_date:
            self.problem(line, "start_date", _("The start date is before the child's birth date."))
            complete = False
        readable = all(cell.value is not _INVALID for cell in row.values())
        if not (complete and mentor_ok and readable and group and child):
            return None
        key = (row["child_external_id"].value, group.pk, start)
        if key in seen:
            self.problem(
                line,
                "start_date",
                _("The same placement (child, group and start date) is on line %(line)d already.")
                % {"line": seen[key]},
            )
            return None
        seen[key] = line
        values: dict[str, Any] = {"end_date": end, "mentor_id": mentor.pk if mentor else None}
        values = {name: field_value for name, field_value in values.items() if field_value is not None}
        existing = None if child._state.adding else self.placements.get((child.pk, group.pk, start))
        if existing is None:
            return Placement(child=child, group=group, start_date=start, **values), True, False
        return existing, False, _assign(existing, values)

    def _group(self, line: int, row: dict[str, _Cell]) -> Group | None:
        name = _value(row, "group")
        if name is None:
            return None
        group = self.groups.get(name.casefold())
        if group is None:
            self.problem(
                line,
                "group",
                _("%(location)s has no group called %(value)s. Its groups are: %(groups)s.")
                % {
                    "location": self.location.name,
                    "value": row["group"].raw,
                    "groups": ", ".join(sorted(group.name for group in self.groups.values())) or "–",
                },
            )
        return group

    def _mentor(self, line: int, row: dict[str, _Cell], group: Group | None) -> tuple[User | None, bool]:
        """The mentor, if the file names one, and whether the cell is right."""
        cell = row.get("mentor_email")
        if cell is None:
            return None, True
        if cell.value is _INVALID or group is None:
            return None, False
        mentor = self.mentors.get(group.pk, {}).get(cell.value)
        if mentor is None:
            self.problem(
                line,
                "mentor_email",
                _("%(value)s is not a professional of the group %(group)s, so cannot be the mentor.")
                % {"value": cell.raw, "group": group.name},
            )
        return mentor, mentor is not None


def _value(merged: dict[str, _Cell], key: str) -> Any:
    """The value of a column, or None when empty or unreadable."""
    cell = merged.get(key)
    return None if cell is None or cell.value is _INVALID else cell.value


def _values(merged: dict[str, _Cell], fields: dict[str, str]) -> dict[str, Any]:
    """Model field -> value, for the columns that hold a readable value."""
    values = {name: _value(merged, key) for name, key in fields.items()}
    return {name: value for name, value in values.items() if value is not None}


def _assign(instance: Any, values: dict[str, Any]) -> bool:
    """Set `values` on `instance` in memory; whether anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


# --- Writing --------------------------------------------------------------------------


def _apply(plan: _Plan) -> int:
    """Save the plan; returns how many parents were invited."""
    audit.log_bulk_created(Family.objects.bulk_create([family.instance for family in plan.families if family.new]))
    for family in plan.families:
        if family.changed:
            family.instance.save()
    audit.log_bulk_created(
        HomeLanguage.objects.bulk_create(
            [
                HomeLanguage(family=family.instance, language=language)
                for family in plan.families
                if family.new and family.languages
                for language in family.languages
            ]
        )
    )
    for family in plan.families:
        if not family.new and family.languages_changed:
            family_languages_set(family=family.instance, languages=list(family.languages or ()))

    guardians = [guardian for family in plan.families for guardian in family.guardians]
    audit.log_bulk_created(Guardian.objects.bulk_create([guardian.instance for guardian in guardians if guardian.new]))
    for guardian in guardians:
        if guardian.changed:
            guardian.instance.save()

    audit.log_bulk_created(Child.objects.bulk_create([child for child, new, _changed in plan.children if new]))
    for child, _new, changed in plan.children:
        if changed:
            child.save()

    audit.log_bulk_created(
        Placement.objects.bulk_create([placement for placement, new, _changed in plan.placements if new])
    )
    for placement, _new, changed in plan.placements:
        if changed:
            placement.save()

    invited = 0
    for guardian in guardians:
        if guardian.invite and guardian_invite(guardian=guardian.instance) == InviteOutcome.SENT:
            invited += 1
    return invited


def _count(result: ImportResult, plan: _Plan) -> None:
    for family in plan.families:
        result.families.count(new=family.new, changed=family.changed or family.languages_changed)
        for guardian in family.guardians:
            result.guardians.count(new=guardian.new, changed=guardian.changed)
            result.invitations += int(guardian.invite)
    for _child, new, changed in plan.children:
        result.children.count(new=new, changed=changed)
    for _placement, new, changed in plan.placements:
        result.placements.count(new=new, changed=changed)


# --- The service ----------------------------------------------------------------------


def onboarding_locations(user: User) -> QuerySet[Location]:
    """The locations whose families `user` may import: a manager's own, an admin's all."""
    managed = access.managed_groups_for(user).values("location_id")
    return Location.objects.filter(pk__in=managed, is_active=True).order_by("name")


def onboarding_import(
    *,
    location: Location,
    file: bytes | str | IO[bytes],
    user: User,
    dry_run: bool,
    invite_guardians: bool = False,
) -> ImportResult:
    """Check the file and, unless `dry_run`, import it: everything or, when any row fails, nothing.

    Raises ValidationError when the file as a whole cannot be read (size, encoding, header).
    """
    if not onboarding_locations(user).filter(pk=location.pk).exists():
        raise PermissionDenied
    data = file if isinstance(file, bytes | str) else file.read(MAX_BYTES + 1)
    table = csv_read(data)
    with transaction.atomic():
        checker = _Checker(table, location=location, user=user, invite_guardians=invite_guardians)
        plan = checker.check()
        problems = sorted(checker.problems, key=lambda problem: problem.line)
        result = ImportResult(dry_run=dry_run, rows=len(table.rows), problems=problems)
        _count(result, plan)
        if dry_run or not result.ok:
            return result
        try:
            with transaction.atomic():
                result.invitations = _apply(plan)
        except IntegrityError:
            # Someone saved the same families or external ids at the same moment: check again.
            raise ValidationError(
                _("The families were changed by someone else meanwhile. Please check the file again.")
            )
    return result


# --- The example file -----------------------------------------------------------------

_EXAMPLE_ROWS = (
    {
        "family_name": "Haddou",
        "family_external_id": "GZ-1001",
        "home_languages": "ar;ber;nl",
        "preferred_language": "nl",
        "interpreter_needed": False,
        "guardian1_first_name": "Samira",
        "guardian1_last_name": "Haddou",
        "guardian1_email": "samira.haddou@example.com",
        "guardian1_phone": "06 12345678",
        "guardian1_relationship": ("mother", "moeder"),
        "guardian1_language": "nl",
        "guardian2_first_name": "Karim",
        "guardian2_last_name": "Haddou",
        "guardian2_email": "karim.haddou@example.com",
        "guardian2_phone": "06 87654321",
        "guardian2_relationship": ("father", "vader"),
        "guardian2_language": "ar",
        "child_first_name": "Yasmin",
        "child_last_name": "Haddou",
        "child_birth_date": date(2022, 3, 14),
        "child_external_id": "KD-2001",
        "group": "Uilen",
        "mentor_email": "pm@samenspel.test",
        "start_date": date(2025, 9, 1),
    },
    {
        "family_name": "Haddou",
        "family_external_id": "GZ-1001",
        "child_first_name": "Adam",
        "child_last_name": "Haddou",
        "child_birth_date": date(2024, 5, 2),
        "child_external_id": "KD-2002",
        "group": "Dolfijnen",
        "mentor_email": "lisa.jansen@samenspel.test",
        "start_date": date(2025, 9, 1),
    },
    {
        "family_name": "Kowalczyk",
        "family_external_id": "GZ-1002",
        "home_languages": "pl",
        "preferred_language": "pl",
        "interpreter_needed": True,
        "guardian1_first_name": "Agata",
        "guardian1_last_name": "Kowalczyk",
        "guardian1_email": "agata.kowalczyk@example.com",
        "guardian1_relationship": ("mother", "moeder"),
        "guardian1_language": "pl",
        "child_first_name": "Lena",
        "child_last_name": "Kowalczyk",
        "child_birth_date": date(2022, 11, 20),
        "child_external_id": "KD-2003",
        "group": "Vlinders",
        "mentor_email": "kevin.smit@samenspel.test",
        "start_date": date(2025, 10, 6),
    },
)


def example_csv(*, dutch: bool) -> str:
    """An example file: Dutch headers, semicolons and DD-MM-YYYY as Dutch Excel writes them, or English."""

    def cell(value: Any) -> str:
        if isinstance(value, bool):
            return ("ja" if value else "nee") if dutch else ("yes" if value else "no")
        if isinstance(value, date):
            return value.strftime("%d-%m-%Y") if dutch else value.isoformat()
        if isinstance(value, tuple):
            return value[1] if dutch else value[0]
        return value

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if dutch else ",", lineterminator="\r\n")
    writer.writerow([column.dutch if dutch else column.english for column in COLUMNS])
    for row in _EXAMPLE_ROWS:
        writer.writerow([cell(row.get(column.key, "")) for column in COLUMNS])
    return "\ufeff" + out.getvalue()
