"""CSV onboarding: reading the file, checking every row, importing all or nothing, and the pages."""

import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from families.models import Child, Family, Guardian, HomeLanguage, Placement
from families.services import onboarding
from families.services.onboarding import _COLUMNS_BY_KEY as COLUMNS_BY_KEY
from families.services.onboarding import COLUMNS, ImportResult, csv_read, onboarding_import
from families.views import onboarding as onboarding_views
from groups.models import StaffAssignment
from tests.conftest import english_client_for as client_for
from tests.factories import GroupFactory, LocationFactory, StaffAssignmentFactory, UserFactory

# These tests read English messages; Dutch is the default language.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

UPLOAD = reverse("families:onboarding_upload")
REVIEW = reverse("families:onboarding_review")
RESULT = reverse("families:onboarding_result")
EXAMPLE = reverse("families:onboarding_example")


# An end date that is still to come, so that the placement is current.
NEXT_SUMMER = timezone.localdate() + datetime.timedelta(days=240)


def _row(**values: str) -> dict[str, str]:
    """One child of the Haddou family in our group, with our professional as mentor."""
    row = {
        "family_name": "Haddou",
        "family_external_id": "GZ-1",
        "home_languages": "ar;nl",
        "preferred_language": "nl",
        "interpreter_needed": "no",
        "guardian1_first_name": "Samira",
        "guardian1_last_name": "Haddou",
        "guardian1_email": "samira.haddou@example.test",
        "guardian1_phone": "06 12345678",
        "guardian1_relationship": "mother",
        "guardian1_language": "nl",
        "child_first_name": "Yasmin",
        "child_last_name": "Haddou",
        "child_birth_date": "2022-03-14",
        "child_external_id": "KD-1",
        "group": "Groep ons",
        "mentor_email": "pm.ons@example.test",
        "start_date": "2025-09-01",
    }
    row.update(values)
    return row


def _second_child(**values: str) -> dict[str, str]:
    return _row(**{"child_first_name": "Adam", "child_birth_date": "2024-05-02", "child_external_id": "KD-2", **values})


def _csv(
    *rows: dict[str, str],
    delimiter: str = ",",
    dutch: bool = False,
    bom: bool = False,
    encoding: str = "utf-8",
    header: list[str] | None = None,
) -> bytes:
    """A CSV file with every column; `header` replaces the column names."""
    names = header or [column.dutch if dutch else column.english for column in COLUMNS]
    lines = [delimiter.join(names)]
    for row in rows:
        cells = [row.get(column.key, "") for column in COLUMNS]
        lines.append(delimiter.join(f'"{cell}"' if delimiter in cell else cell for cell in cells))
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" if bom else "").encode(encoding) + text.encode(encoding)


def _import(side, data: bytes, *, dry_run: bool = False, user=None, **options) -> ImportResult:
    return onboarding_import(location=side.location, file=data, user=user or side.manager, dry_run=dry_run, **options)


def _imported(side, data: bytes, **options) -> ImportResult:
    """Imports a file that must be right."""
    result = _import(side, data, **options)
    assert result.saved, result.problems
    return result


def _problems(result: ImportResult) -> list[tuple[int, str, str]]:
    return [(problem.line, problem.column, problem.message) for problem in result.problems]


def _only_problem(result: ImportResult) -> tuple[int, str, str]:
    problems = _problems(result)
    assert len(problems) == 1, problems
    return problems[0]


def _database_counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Family, Guardian, Child, Placement, HomeLanguage, User))


# --- Reading the file ------------------------------------------------------------------


@pytest.mark.parametrize("bom", [False, True])
def test_it_reads_utf8_with_and_without_a_byte_order_mark(ours, bom):
    data = _csv(_row(family_name="Çelik-Öztürk", guardian1_first_name="Zoë"), bom=bom)

    result = _import(ours, data)

    assert result.ok, result.problems
    assert Family.objects.get(external_id="GZ-1").name == "Çelik-Öztürk"
    assert Guardian.objects.get(email="samira.haddou@example.test").first_name == "Zoë"


def test_it_reads_semicolon_separated_files_as_dutch_spreadsheet_programs_write_them(ours):
    table = csv_read(_csv(_row(), _second_child(), delimiter=";"))

    assert table.delimiter == ";"
    assert [line for line, _cells in table.rows] == [2, 3]
    assert table.rows[0][1]["home_languages"] == "ar;nl"
    assert _import(ours, _csv(_row(), _second_child(), delimiter=";")).ok


@pytest.mark.parametrize("written", ["2022-03-14", "14-03-2022", "14-3-2022", "14/03/2022", "14.3.2022"])
def test_it_reads_dates_as_year_month_day_and_as_day_month_year(ours, written):
    result = _import(ours, _csv(_row(child_birth_date=written)))

    assert result.ok, result.problems
    assert Child.objects.get(external_id="KD-1").birth_date == datetime.date(2022, 3, 14)


def test_it_accepts_dutch_column_names_and_dutch_values(ours):
    row = _row(interpreter_needed="ja", guardian1_relationship="moeder", start_date="01-09-2025")

    result = _import(ours, _csv(row, dutch=True, delimiter=";", bom=True))

    assert result.ok, result.problems
    family = Family.objects.get(external_id="GZ-1")
    assert family.interpreter_needed is True
    assert family.guardians.get().relationship == Guardian.Relationship.MOTHER


def test_column_names_may_differ_in_case_spacing_and_underscores_and_leave_out_optional_columns(ours):
    header = [
        "Family_Name",
        "FAMILY EXTERNAL ID",
        "Guardian1 First Name",
        "ouder 1 Achternaam",
        "kind  voornaam",
        "Child last name",
        "child birth date",
        "child external id",
        "Groep",
        "start date",
    ]
    data = "\n".join(
        [",".join(header), "Haddou,GZ-1,Samira,Haddou,Yasmin,Haddou,2022-03-14,KD-1,groep ONS,2025-09-01"]
    ).encode()

    result = _import(ours, data)

    assert result.ok, result.problems
    placement = Placement.objects.get(child__external_id="KD-1")
    assert placement.group == ours.group
    assert placement.mentor is None


def test_home_languages_may_be_codes_or_names_in_english_or_dutch(ours):
    result = _import(ours, _csv(_row(home_languages="Arabisch, tr;Tamazight (Berber)", preferred_language="AR")))

    assert result.ok, result.problems
    family = Family.objects.get(external_id="GZ-1")
    assert set(family.home_languages.values_list("language", flat=True)) == {"ar", "tr", "ber"}
    assert family.preferred_language == "ar"


def test_empty_lines_are_skipped_and_line_numbers_count_them(ours):
    data = _csv(_row()) + b"\r\n,,,\r\n" + _csv(_second_child(child_birth_date="morgen")).split(b"\r\n", 1)[1]

    result = _import(ours, data)

    assert _only_problem(result)[0] == 5


@pytest.mark.parametrize("dutch", [True, False])
def test_the_example_files_pass_the_check(dutch):
    location = LocationFactory(name="Kindcentrum De Regenboog")
    manager = UserFactory()
    StaffAssignmentFactory(user=manager, role=StaffAssignment.Role.LOCATION_MANAGER, group=None, location=location)
    for group_name, email in (("Uilen", "pm"), ("Dolfijnen", "lisa.jansen"), ("Vlinders", "kevin.smit")):
        StaffAssignmentFactory(user__email=f"{email}@samenspel.test", group__location=location, group__name=group_name)

    example = onboarding.example_csv(dutch=dutch).encode()
    result = onboarding_import(location=location, file=example, user=manager, dry_run=True)

    assert result.ok, result.problems
    assert (result.families.created, result.guardians.created, result.children.created) == (2, 3, 3)
    assert csv_read(example).delimiter == (";" if dutch else ",")


# --- A file that cannot be read at all ---------------------------------------------------


def _file_error(side, data: bytes) -> str:
    with pytest.raises(ValidationError) as error:
        _import(side, data, dry_run=True)
    return " ".join(error.value.messages)


def test_a_windows_1252_file_is_refused_with_advice_to_save_it_as_csv_utf8(ours):
    data = _csv(_row(), _second_child(child_first_name="Zoë"), encoding="cp1252")

    message = _file_error(ours, data)

    assert "not saved as UTF-8" in message
    assert "line 3" in message
    assert "CSV UTF-8" in message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "Excel workbook"),
        ("gezinsnaam;kind voornaam\r\n".encode("utf-16"), "UTF-16"),
        (b"", "empty"),
        (b";;;\r\n", "empty"),
    ],
)
def test_workbooks_other_encodings_and_empty_files_are_refused(ours, data, expected):
    assert expected in _file_error(ours, data)


def test_a_header_without_data_rows_is_refused(ours):
    assert "no rows" in _file_error(ours, _csv())


def test_a_header_that_lacks_required_columns_names_them(ours):
    header = [column.english for column in COLUMNS if column.key not in ("child_birth_date", "group")]

    message = _file_error(ours, _csv(_row(), header=header))

    assert "lacks required columns: child birth date (kind geboortedatum), group (groep)." in message


def test_unknown_and_repeated_columns_are_named(ours):
    header = [column.english for column in COLUMNS]
    header[header.index("end date")] = "shoe size"
    header[header.index("guardian 2 phone")] = "ouder 1 telefoon"

    message = _file_error(ours, _csv(_row(), header=header))

    assert "Unknown columns in the header: shoe size" in message
    assert "appear twice in the header: ouder 1 telefoon" in message


def test_a_column_without_a_name_is_refused_only_when_it_holds_values(ours):
    data = _csv(_row()).replace(b"\r\n", b",\r\n")
    assert _import(ours, data, dry_run=True).ok

    data = _csv(_row()).replace(b"\r\n", b",x\r\n", 2).replace(b",x\r\n", b",\r\n", 1)
    assert "Column 26 has values but no name" in _file_error(ours, data)


def test_a_file_with_too_many_rows_is_refused(ours, monkeypatch):
    monkeypatch.setattr(onboarding, "MAX_ROWS", 3)
    rows = [_row(child_external_id=f"KD-{number}") for number in range(4)]

    assert "more than 3 rows" in _file_error(ours, _csv(*rows))


def test_a_file_larger_than_the_limit_is_refused(ours):
    assert "larger than 2 MB" in _file_error(ours, _csv(_row()) + b" " * onboarding.MAX_BYTES)


def test_broken_quotes_are_reported_with_their_line(ours):
    data = _csv(_row(), _second_child()).replace(b"Adam", b'"Adam" junior', 1)

    assert "near line 3" in _file_error(ours, data)


# --- Every row's problems, with line numbers ----------------------------------------------


@pytest.mark.parametrize(
    ("values", "column", "message"),
    [
        ({"guardian1_email": "samira@"}, "guardian 1 email", "samira@ is not a valid email address."),
        ({"child_birth_date": "14 maart 2022"}, "child birth date", "is not a date"),
        ({"child_birth_date": "31-02-2022"}, "child birth date", "31-02-2022 does not exist as a date."),
        ({"start_date": "2025-13-01"}, "start date", "does not exist as a date"),
        ({"home_languages": "ar;xx"}, "home languages", "xx is not a language code we know"),
        ({"guardian1_language": "klingon"}, "guardian 1 preferred language", "klingon is not a language code"),
        ({"interpreter_needed": "soms"}, "interpreter needed", "soms is neither yes nor no"),
        ({"guardian1_relationship": "oma"}, "guardian 1 relationship", "oma is not a relationship we know"),
        ({"child_first_name": ""}, "child first name", "This value is required."),
        ({"start_date": ""}, "start date", "This value is required."),
        ({"group": ""}, "group", "This value is required."),
        ({"family_external_id": ""}, "family external id", "This value is required."),
        ({"child_external_id": "K" * 65}, "child external id", "At most 64 characters, this has 65."),
        ({"end_date": "2025-08-31"}, "end date", "The end date 2025-08-31 is before the start date 2025-09-01."),
        ({"start_date": "2022-01-01"}, "start date", "The start date is before the child's birth date."),
        ({"group": "Zeehondjes"}, "group", "Locatie ons has no group called Zeehondjes. Its groups are: Groep ons."),
        (
            {"mentor_email": "someone@example.test"},
            "mentor email",
            "someone@example.test is not a professional of the group Groep ons",
        ),
    ],
)
def test_a_row_with_a_bad_value_is_reported_with_its_line_and_column(ours, values, column, message):
    result = _import(ours, _csv(_row(), _second_child(**values)), dry_run=True)

    line, problem_column, problem = _only_problem(result)
    assert (line, problem_column) == (3, column)
    assert message in problem


@pytest.mark.parametrize("key", ["family_name", "guardian1_first_name", "guardian1_last_name"])
def test_a_family_needs_a_name_and_a_first_parent(ours, key):
    line, column, message = _only_problem(_import(ours, _csv(_row(**{key: ""})), dry_run=True))

    assert (line, column, message) == (2, COLUMNS_BY_KEY[key].english, "This value is required.")


def test_a_second_parent_needs_a_name_too(ours):
    result = _import(ours, _csv(_row(guardian2_email="karim@example.test")), dry_run=True)

    assert _problems(result) == [
        (2, "guardian 2 first name", "This value is required."),
        (2, "guardian 2 last name", "This value is required."),
    ]


def test_every_problem_of_every_row_is_listed_in_line_order(ours):
    rows = [
        _row(guardian1_email="samira@", child_birth_date="morgen"),
        _second_child(guardian1_email="samira@"),
        _row(family_external_id="GZ-2", child_external_id="KD-3", group="Zeehondjes", start_date="soon"),
    ]

    result = _import(ours, _csv(*rows), dry_run=True)

    assert [(line, column) for line, column, _message in _problems(result)] == [
        (2, "guardian 1 email"),
        (2, "child birth date"),
        (3, "guardian 1 email"),
        (4, "start date"),
        (4, "group"),
    ]


def test_a_birth_date_in_the_future_is_refused(ours):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    line, column, message = _only_problem(_import(ours, _csv(_row(child_birth_date=tomorrow)), dry_run=True))

    assert (line, column) == (2, "child birth date")
    assert message == f"The birth date {tomorrow} is in the future."


def test_a_group_of_another_location_is_unknown_here(ours, theirs):
    line, column, message = _only_problem(_import(ours, _csv(_row(group=theirs.group.name)), dry_run=True))

    assert (line, column) == (2, "group")
    assert "has no group called Groep hun" in message


def test_the_mentor_must_work_in_the_group_not_only_in_the_organisation(ours, theirs):
    data = _csv(_row(mentor_email=theirs.professional.email))

    line, column, message = _only_problem(_import(ours, data, dry_run=True))

    assert (line, column) == (2, "mentor email")
    assert "is not a professional of the group Groep ons" in message


def test_a_professional_of_the_whole_location_may_be_the_mentor(ours):
    flexible = UserFactory(email="flex@example.test")
    StaffAssignmentFactory(user=flexible, group=None, location=ours.location)

    assert _import(ours, _csv(_row(mentor_email="FLEX@example.test"))).ok
    assert Placement.objects.get(child__external_id="KD-1").mentor == flexible


def test_a_guardian_email_used_twice_in_the_file_is_refused(ours):
    other_family = _row(
        family_name="Jansen",
        family_external_id="GZ-2",
        guardian1_first_name="Anne",
        guardian1_last_name="Jansen",
        child_external_id="KD-3",
    )

    line, column, message = _only_problem(_import(ours, _csv(_row(), other_family), dry_run=True))

    assert (line, column) == (3, "guardian 1 email")
    assert "also given for another parent on line 2" in message


def test_both_parents_of_a_family_need_their_own_email(ours):
    row = _row(guardian2_first_name="Karim", guardian2_last_name="Haddou", guardian2_email="Samira.Haddou@example.test")

    line, column, message = _only_problem(_import(ours, _csv(row), dry_run=True))

    assert (line, column) == (2, "guardian 2 email")
    assert "on line 2" in message


def test_a_guardian_email_of_another_family_is_refused(ours, theirs):
    line, column, message = _only_problem(
        _import(ours, _csv(_row(guardian1_email=theirs.parent.email.upper())), dry_run=True)
    )

    assert (line, column) == (2, "guardian 1 email")
    assert message == "This email address already belongs to a parent of another family."


def test_a_staff_members_login_cannot_become_a_parents_email(ours):
    line, column, message = _only_problem(
        _import(ours, _csv(_row(guardian1_email=ours.professional.email)), dry_run=True)
    )

    assert (line, column) == (2, "guardian 1 email")
    assert message == "This email address belongs to a staff member's login."


def test_family_values_that_differ_between_rows_of_the_same_family_are_refused(ours):
    rows = [_row(), _second_child(family_name="Hadou", guardian1_phone="", home_languages="")]

    line, column, message = _only_problem(_import(ours, _csv(*rows), dry_run=True))

    assert (line, column) == (3, "family name")
    assert message == "Differs from line 2 (Haddou) for the same family."


def test_later_rows_of_a_family_may_leave_the_family_columns_empty(ours):
    family_columns = [
        key for key in _row() if not key.startswith(("child", "group", "mentor", "start", "family_external"))
    ]
    second = _second_child(**dict.fromkeys(family_columns, ""), family_external_id="GZ-1")

    result = _imported(ours, _csv(_row(), second))

    assert result.ok, result.problems
    assert Family.objects.get(external_id="GZ-1").children.count() == 2


def test_a_child_listed_under_two_families_is_refused(ours):
    other = _row(family_name="Jansen", family_external_id="GZ-2", guardian1_email="anne@example.test")

    line, column, message = _only_problem(_import(ours, _csv(_row(), other), dry_run=True))

    assert (line, column) == (3, "child external id")
    assert message == "The child KD-1 is listed under another family on line 2."


def test_the_same_placement_twice_is_refused(ours):
    line, column, message = _only_problem(_import(ours, _csv(_row(), _row()), dry_run=True))

    assert (line, column) == (3, "start date")
    assert "on line 2 already" in message


def test_a_line_with_more_cells_than_the_header_is_refused(ours):
    data = _csv(_row(), delimiter=";").replace(b"2025-09-01;\r\n", b"2025-09-01;;2026\r\n")

    line, column, message = _only_problem(_import(ours, data, dry_run=True))

    assert (line, column) == (2, "")
    assert "more cells than the header" in message


def test_a_family_outside_the_managers_locations_cannot_be_changed(ours, theirs):
    theirs.family.external_id = "GZ-1"
    theirs.family.save()

    line, column, message = _only_problem(_import(ours, _csv(_row()), dry_run=True))

    assert (line, column) == (2, "family external id")
    assert message == "The external id GZ-1 belongs to a family outside your locations."
    theirs.family.refresh_from_db()
    assert theirs.family.name == "Familie hun"


def test_a_child_external_id_of_another_family_is_refused(ours, theirs):
    theirs.child.external_id = "KD-1"
    theirs.child.save()

    line, column, message = _only_problem(_import(ours, _csv(_row()), dry_run=True))

    assert (line, column) == (2, "child external id")
    assert message == "The external id KD-1 belongs to a child of another family."


# --- All or nothing -----------------------------------------------------------------------


def test_nothing_is_saved_when_one_row_fails(ours):
    before = _database_counts()
    rows = [_row(), _second_child(), _row(family_external_id="GZ-2", child_external_id="KD-3", group="Zeehondjes")]

    result = _import(ours, _csv(*rows))

    assert not result.ok
    assert not result.saved
    assert _database_counts() == before


def test_the_dry_run_saves_nothing_but_tells_what_the_import_would_do(ours):
    before = _database_counts()

    result = _import(ours, _csv(_row(), _second_child()), dry_run=True)

    assert result.ok
    assert not result.saved
    assert _database_counts() == before
    assert (result.families.created, result.guardians.created, result.children.created) == (1, 1, 2)
    assert result.placements.created == 2


def test_a_failure_while_saving_undoes_everything_saved_before_it(ours, django_capture_on_commit_callbacks):
    before = _database_counts()

    with (
        mock.patch("families.services.onboarding.guardian_invite", side_effect=RuntimeError("mail down")),
        pytest.raises(RuntimeError),
    ):
        _import(ours, _csv(_row(), _second_child()), invite_guardians=True)

    assert _database_counts() == before


# --- Importing again updates ------------------------------------------------------------


def test_importing_creates_families_parents_children_and_placements(ours):
    row = _row(guardian2_first_name="Karim", guardian2_last_name="Haddou", guardian2_relationship="father")

    result = _imported(ours, _csv(row, _second_child(group="GROEP ONS", end_date=NEXT_SUMMER.isoformat())))

    assert result.saved
    assert (result.families.created, result.guardians.created, result.children.created) == (1, 2, 2)
    assert result.placements.created == 2
    family = Family.objects.get(external_id="GZ-1")
    assert family.created_by == ours.manager
    assert set(family.home_languages.values_list("language", flat=True)) == {"ar", "nl"}
    karim = family.guardians.get(first_name="Karim")
    assert (karim.email, karim.relationship, karim.preferred_language) == ("", "father", "nl")
    adam = Placement.objects.get(child__external_id="KD-2")
    assert (adam.group, adam.mentor, adam.end_date) == (ours.group, ours.professional, NEXT_SUMMER)
    assert Child.objects.visible_to(ours.professional).filter(external_id__in=["KD-1", "KD-2"]).count() == 2


def test_importing_the_same_file_again_changes_nothing(ours):
    data = _csv(_row(), _second_child())
    _imported(ours, data)
    after_first = _database_counts()

    again = _imported(ours, data)

    assert _database_counts() == after_first
    for _label, counts in again.kinds:
        assert counts.created == counts.updated == 0
    assert (again.families.unchanged, again.guardians.unchanged, again.children.unchanged) == (1, 1, 2)
    assert again.placements.unchanged == 2


def test_changed_values_update_the_records_they_match(ours):
    _imported(ours, _csv(_row(), _second_child()))
    before = _database_counts()
    colleague = UserFactory(email="colleague@example.test")
    StaffAssignmentFactory(user=colleague, group=ours.group)
    changed = _row(
        family_name="Haddou-Benali",
        home_languages="ar;ber",
        guardian1_phone="06 99999999",
        child_first_name="Yasmina",
        mentor_email=colleague.email,
    )

    second = _second_child(family_name="Haddou-Benali", home_languages="ar;ber", guardian1_phone="")

    result = _import(ours, _csv(changed, second))

    assert result.saved, result.problems
    assert _database_counts()[:5] == before[:5]
    assert (result.families.updated, result.guardians.updated) == (1, 1)
    assert (result.children.updated, result.children.unchanged) == (1, 1)
    assert (result.placements.updated, result.placements.unchanged) == (1, 1)
    family = Family.objects.get(external_id="GZ-1")
    assert family.name == "Haddou-Benali"
    assert set(family.home_languages.values_list("language", flat=True)) == {"ar", "ber"}
    assert family.guardians.get().phone == "06 99999999"
    yasmina = Child.objects.get(external_id="KD-1")
    assert yasmina.first_name == "Yasmina"
    assert yasmina.placements.get().mentor == colleague


def test_an_empty_optional_cell_keeps_what_is_stored(ours):
    _imported(ours, _csv(_row(end_date=NEXT_SUMMER.isoformat())))

    result = _import(
        ours, _csv(_row(guardian1_phone="", home_languages="", preferred_language="", mentor_email="", end_date=""))
    )

    assert result.families.unchanged == result.guardians.unchanged == result.placements.unchanged == 1
    family = Family.objects.get(external_id="GZ-1")
    assert family.home_languages.count() == 2
    assert family.guardians.get().phone == "06 12345678"
    placement = Placement.objects.get(child__external_id="KD-1")
    assert (placement.mentor, placement.end_date) == (ours.professional, NEXT_SUMMER)


def test_a_new_start_date_adds_a_placement_and_keeps_the_old_one(ours):
    _imported(ours, _csv(_row(end_date="2025-12-31")))

    result = _imported(ours, _csv(_row(end_date="2025-12-31"), _row(start_date="2026-01-01")))

    assert (result.placements.created, result.placements.unchanged) == (1, 1)
    assert Placement.objects.filter(child__external_id="KD-1").count() == 2


def test_a_parent_already_in_samenspel_is_recognised_by_name_when_the_file_has_no_email(ours):
    _imported(ours, _csv(_row()))

    result = _imported(ours, _csv(_row(guardian1_email="", guardian1_first_name="SAMIRA")))

    assert result.guardians.updated == 1
    assert Guardian.objects.get(family__external_id="GZ-1").email == "samira.haddou@example.test"


def test_the_manager_updates_a_family_registered_by_hand_through_its_external_id(ours):
    ours.family.external_id = "GZ-1"
    ours.family.save()
    ours.child.external_id = "KD-1"
    ours.child.save()
    parent_email = ours.family.guardians.get().email

    result = _import(ours, _csv(_row(guardian1_email=parent_email), _second_child(guardian1_email=parent_email)))

    assert result.ok, result.problems
    assert (result.families.updated, result.children.updated, result.children.created) == (1, 1, 1)
    assert ours.family.children.count() == 2
    assert ours.family.guardians.count() == 1


# --- Inviting the parents ---------------------------------------------------------------------


def test_no_parent_is_invited_unless_asked(ours, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = _imported(ours, _csv(_row()))

    assert result.invitations == 0
    assert mail.outbox == []
    assert Guardian.objects.get(family__external_id="GZ-1").user is None


def test_parents_with_an_email_are_invited_when_asked(ours, django_capture_on_commit_callbacks):
    row = _row(guardian2_first_name="Karim", guardian2_last_name="Haddou")
    assert _import(ours, _csv(row), dry_run=True, invite_guardians=True).invitations == 1

    with django_capture_on_commit_callbacks(execute=True):
        result = _imported(ours, _csv(row), invite_guardians=True)

    assert result.invitations == 1
    samira = Guardian.objects.get(email="samira.haddou@example.test")
    assert samira.user.email == "samira.haddou@example.test"
    assert not samira.user.has_usable_password()
    assert [message.to for message in mail.outbox] == [["samira.haddou@example.test"]]


def test_a_parent_who_uses_their_account_is_not_invited_again(ours, django_capture_on_commit_callbacks):
    parent_email = ours.family.guardians.get().email
    ours.parent.last_login = timezone.now()
    ours.parent.save()
    ours.family.external_id = "GZ-1"
    ours.family.save()

    with django_capture_on_commit_callbacks(execute=True):
        result = _import(ours, _csv(_row(guardian1_email=parent_email)), invite_guardians=True)

    assert result.ok, result.problems
    assert result.invitations == 0
    assert mail.outbox == []


# --- Who may import where ------------------------------------------------------------------------


def test_the_service_refuses_a_location_the_user_does_not_manage(ours, theirs):
    with pytest.raises(PermissionDenied):
        onboarding_import(location=theirs.location, file=_csv(_row()), user=ours.manager, dry_run=True)


def test_the_organisation_admin_imports_into_any_location(theirs, org_admin):
    result = _import(theirs, _csv(_row(group="Groep hun", mentor_email="pm.hun@example.test")), user=org_admin)

    assert result.saved
    assert Placement.objects.get(child__external_id="KD-1").group == theirs.group


@pytest.mark.parametrize("url", [UPLOAD, REVIEW, RESULT, EXAMPLE])
def test_the_pages_require_login(db, url):
    response = client_for(None).get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["professional", "parent"])
@pytest.mark.parametrize("url", [UPLOAD, REVIEW, RESULT, EXAMPLE])
def test_professionals_and_parents_may_not_import(ours, role, url):
    assert client_for(getattr(ours, role)).get(url).status_code == 403


def test_users_without_a_role_may_not_import(outsider):
    assert client_for(outsider).post(UPLOAD, {}).status_code == 403


def test_the_manager_chooses_among_their_own_locations_only(ours, theirs):
    response = client_for(ours.manager).get(UPLOAD)

    assert response.status_code == 200
    assert list(response.context["form"].fields["location"].queryset) == [ours.location]
    assert response.context["form"].fields["location"].initial == ours.location
    assert theirs.location.name not in response.content.decode()


def test_the_admin_chooses_among_all_locations(ours, theirs, org_admin):
    response = client_for(org_admin).get(UPLOAD)

    assert set(response.context["form"].fields["location"].queryset) == {ours.location, theirs.location}


def test_a_link_from_a_location_chooses_that_location(ours, theirs, org_admin):
    response = client_for(org_admin).get(UPLOAD, {"location": theirs.location.pk})

    assert f'<option value="{theirs.location.pk}" selected>' in response.content.decode()


def _upload(client, location, data: bytes, name: str = "families.csv", **fields):
    return client.post(UPLOAD, {"location": location.pk, "file": SimpleUploadedFile(name, data, "text/csv"), **fields})


def test_a_manager_cannot_upload_for_another_location(ours, theirs):
    client = client_for(ours.manager)

    response = _upload(client, theirs.location, _csv(_row(group="Groep hun")))

    assert response.status_code == 200
    assert "location" in response.context["form"].errors
    assert client.get(REVIEW).status_code == 302


# --- The pages, step by step ---------------------------------------------------------------------


def test_the_upload_page_documents_the_columns_and_offers_the_examples(ours):
    content = client_for(ours.manager).get(UPLOAD).content.decode()

    for column in COLUMNS:
        assert column.english in content
        assert column.dutch in content
    assert f"{EXAMPLE}?headers=nl" in content
    assert f"{EXAMPLE}?headers=en" in content
    assert 'enctype="multipart/form-data"' in content


def test_the_manager_uploads_checks_and_imports_a_file(ours, django_capture_on_commit_callbacks):
    client = client_for(ours.manager)

    response = _upload(client, ours.location, _csv(_row(), _second_child(), delimiter=";", bom=True))
    assert response.status_code == 302
    assert response.url == REVIEW

    review = client.get(REVIEW)
    assert review.status_code == 200
    assert review.context["result"].ok
    assert review.context["result"].children.created == 2
    assert "families.csv" in review.content.decode()
    assert Child.objects.filter(external_id="KD-1").count() == 0

    token = client.session[onboarding_views.UPLOAD_KEY]["token"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REVIEW, {"token": token})
    assert response.status_code == 302
    assert response.url == RESULT
    assert Child.objects.filter(external_id__in=["KD-1", "KD-2"]).count() == 2
    assert onboarding_views.UPLOAD_KEY not in client.session
    assert mail.outbox == []

    result = client.get(RESULT)
    assert result.status_code == 200
    assert result.context["result"].children.created == 2
    assert reverse("groups:group_detail", args=[ours.group.pk]) in result.content.decode()


def test_the_parents_are_invited_only_when_the_box_is_ticked(ours, django_capture_on_commit_callbacks):
    client = client_for(ours.manager)
    _upload(client, ours.location, _csv(_row()), invite_guardians="on")

    assert "1 parent will get an invitation" in client.get(REVIEW).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REVIEW, {"token": client.session[onboarding_views.UPLOAD_KEY]["token"]})

    assert [message.to for message in mail.outbox] == [["samira.haddou@example.test"]]
    assert client.get(RESULT).context["result"].invitations == 1


def test_the_report_lists_the_problems_and_offers_no_import(ours):
    client = client_for(ours.manager)
    _upload(client, ours.location, _csv(_row(), _second_child(group="Zeehondjes")))

    review = client.get(REVIEW)

    content = review.content.decode()
    assert "1 problem" in content
    assert "Zeehondjes" in content
    assert 'name="token"' not in content
    token = client.session[onboarding_views.UPLOAD_KEY]["token"]
    response = client.post(REVIEW, {"token": token})
    assert response.status_code == 200
    assert not Family.objects.filter(external_id="GZ-1").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_csv(_row(family_name="Müller"), encoding="cp1252"), "CSV UTF-8"),
        (_csv(_row(), header=["name", "child", *[column.english for column in COLUMNS][2:]]), "Unknown columns"),
        (_csv(_row(), header=[*[column.english for column in COLUMNS][1:], "x"]), "lacks required columns"),
    ],
)
def test_a_wrong_encoding_or_header_is_shown_at_the_file_field(ours, data, message):
    client = client_for(ours.manager)

    response = _upload(client, ours.location, data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert message in response.content.decode()
    assert response.context["form"]["location"].value() == str(ours.location.pk)


def test_a_large_file_is_refused_at_the_file_field(ours):
    response = _upload(client_for(ours.manager), ours.location, b"x" * (onboarding.MAX_BYTES + 1))

    assert response.status_code == 200
    assert "larger than 2 MB" in response.context["form"].errors["file"][0]


def test_a_report_from_an_earlier_upload_does_not_import_the_later_file(ours):
    client = client_for(ours.manager)
    _upload(client, ours.location, _csv(_row()))
    stale_token = client.session[onboarding_views.UPLOAD_KEY]["token"]
    _upload(client, ours.location, _csv(_second_child()))

    response = client.post(REVIEW, {"token": stale_token})

    assert response.status_code == 302
    assert response.url == REVIEW
    assert not Child.objects.filter(external_id__in=["KD-1", "KD-2"]).exists()


def test_cancelling_forgets_the_file(ours):
    client = client_for(ours.manager)
    _upload(client, ours.location, _csv(_row()))

    response = client.post(REVIEW, {"cancel": "1"})

    assert response.url == UPLOAD
    assert onboarding_views.UPLOAD_KEY not in client.session
    assert not Family.objects.filter(external_id="GZ-1").exists()


def test_the_review_without_an_upload_leads_back_to_the_upload(ours):
    assert client_for(ours.manager).get(REVIEW).url == UPLOAD
    assert client_for(ours.manager).get(RESULT).url == UPLOAD


def test_a_manager_who_lost_the_location_cannot_import_the_file_waiting_in_the_session(ours):
    client = client_for(ours.manager)
    _upload(client, ours.location, _csv(_row()))
    new_location = LocationFactory()
    GroupFactory(location=new_location)
    StaffAssignment.objects.filter(user=ours.manager).update(location=new_location)

    assert client.get(REVIEW).status_code == 404


@pytest.mark.parametrize(
    ("headers", "first_column", "delimiter"), [("nl", "gezinsnaam", ";"), ("en", "family name", ",")]
)
def test_the_example_file_downloads_with_dutch_or_english_column_names(ours, headers, first_column, delimiter):
    response = client_for(ours.manager).get(EXAMPLE, {"headers": headers})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff" + first_column + delimiter)


def _families(count: int) -> bytes:
    return _csv(
        *(
            _row(family_external_id=f"GZ-{n}", guardian1_email=f"parent{n}@example.test", child_external_id=f"KD-{n}")
            for n in range(count)
        )
    )


def test_the_check_asks_the_database_as_often_for_a_few_rows_as_for_many(ours):
    def queries(data: bytes) -> int:
        with CaptureQueriesContext(connection) as context:
            assert _import(ours, data, dry_run=True).ok
        return len(context)

    queries(_families(1))  # the user's roles are read once, then remembered
    assert queries(_families(2)) == queries(_families(40))
    _imported(ours, _families(40))
    assert queries(_families(2)) == queries(_families(40))


def test_the_documentation_shows_the_english_example_file():
    documentation = (settings.BASE_DIR / "docs" / "csv-onboarding.md").read_text()
    example = onboarding.example_csv(dutch=False).removeprefix("\ufeff").replace("\r\n", "\n")

    assert f"```csv\n{example}```" in documentation
    for column in COLUMNS:
        if not column.key.startswith("guardian2"):  # documented once, as "ouder 2 …"
            assert f"`{column.english}` | `{column.dutch}`" in documentation


def test_two_parents_of_the_file_cannot_be_one_parent_in_samenspel(ours):
    _imported(ours, _csv(_row(guardian1_email="")))
    row = _row(guardian1_email="", guardian2_first_name="Samira", guardian2_last_name="Haddou")

    line, column, message = _only_problem(_import(ours, _csv(row), dry_run=True))

    assert (line, column, message) == (2, "guardian 2 first name", "Parent 2 is the same person as parent 1.")


def test_families_saved_by_someone_else_at_the_same_moment_send_the_manager_back_to_the_upload(ours):
    client = client_for(ours.manager)
    _upload(client, ours.location, _csv(_row()))
    token = client.session[onboarding_views.UPLOAD_KEY]["token"]

    with mock.patch("families.services.onboarding._apply", side_effect=IntegrityError):
        response = client.post(REVIEW, {"token": token}, follow=True)

    assert response.redirect_chain == [(UPLOAD, 302)]
    assert "Please check the file again" in response.content.decode()
    assert not Family.objects.filter(external_id="GZ-1").exists()
