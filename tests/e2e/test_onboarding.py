"""The location manager imports families from a CSV file: upload, check, confirm, see them in the group.

The journey runs in English (switched after logging in), so that it does not depend on the
Dutch catalogue of these pages.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from families.models import Child
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

# As Dutch Excel saves "CSV UTF-8": a byte order mark, semicolons, Dutch column names and dates.
CSV = (
    "\ufeffgezinsnaam;gezin extern id;thuistalen;voorkeurstaal;tolk nodig;"
    "ouder 1 voornaam;ouder 1 achternaam;ouder 1 e-mail;ouder 1 relatie;"
    "kind voornaam;kind achternaam;kind geboortedatum;kind extern id;groep;mentor e-mail;startdatum\r\n"
    'Haddou;GZ-1001;"ar;nl";nl;nee;Samira;Haddou;samira.haddou@example.com;moeder;'
    "Yasmin;Haddou;14-03-2023;KD-2001;Uilen;pm@samenspel.test;01-09-2025\r\n"
    "Haddou;GZ-1001;;;;;;;;"
    "Adam;Haddou;2-5-2024;KD-2002;Dolfijnen;lisa.jansen@samenspel.test;01-09-2025\r\n"
).encode()


def switch_to_english(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_label("Taal").select_option("en")


def test_the_manager_imports_families_from_a_csv_file_and_finds_the_child_in_the_group(page, demo):
    log_in(page, demo, "manager")
    switch_to_english(page)
    page.goto("/onboarding/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Import families from a CSV file")
    expect(page.get_by_label("Location")).to_have_value(re.compile(r"\d+"))
    expect(page.get_by_label("Location").locator("option:checked")).to_have_text("Kindcentrum De Regenboog")
    page.get_by_label("CSV file").set_input_files({"name": "regenboog.csv", "mimeType": "text/csv", "buffer": CSV})
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check before importing")
    main = page.get_by_role("main")
    expect(main.get_by_role("status")).to_contain_text("The file has no problems")
    expect(main.get_by_role("row", name=re.compile(r"^Children"))).to_contain_text("2")
    assert not Child.objects.filter(external_id__in=["KD-2001", "KD-2002"]).exists()

    main.get_by_role("button", name="Import", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Import done")
    main = page.get_by_role("main")
    expect(main).to_contain_text("2 rows were imported into Kindcentrum De Regenboog.")
    children = main.get_by_role("row", name=re.compile(r"^Children"))
    expect(children.get_by_role("cell")).to_have_text(["2", "0", "0"])
    expect(main.get_by_role("row", name=re.compile(r"^Families"))).to_contain_text("1")

    main.get_by_role("link", name="Uilen", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Uilen")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Yasmin Haddou"))
    expect(row).to_contain_text("Fatima El Amrani")
