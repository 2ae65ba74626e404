"""Staff open a group from their home and a child from the group; parents open their child."""

import re

import pytest
from playwright.sync_api import expect

from families.models import Child, Guardian
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def test_the_professional_opens_a_group_and_a_child_with_the_familys_contact_details(page, demo):
    log_in(page, demo, "professional")

    page.get_by_role("main").get_by_role("link", name="Uilen", exact=True).click()

    expect(page).to_have_url(re.compile(r"/groups/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uilen")
    rows = page.get_by_role("main").locator("tbody tr")
    expect(rows.first).to_be_visible()
    first_child = rows.first.get_by_role("rowheader").get_by_role("link")
    name = first_child.inner_text()
    first_child.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    child = Child.objects.get(pk=page.url.rstrip("/").rsplit("/", 1)[-1])
    guardian = Guardian.objects.filter(family=child.family).exclude(phone="").first()
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Groep en mentor")).to_be_visible()
    expect(main.get_by_role("link", name=guardian.phone)).to_be_visible()
    expect(main).to_contain_text("Thuistalen:")
    page.get_by_role("navigation", name="Kruimelpad").get_by_role("link", name="Uilen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uilen")


def test_the_manager_drills_down_from_the_location_to_a_group(page, demo):
    log_in(page, demo, "manager")

    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Vlinders", exact=True))
    count = int(row.get_by_role("cell").last.inner_text())
    row.get_by_role("link", name="Vlinders").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Vlinders")
    expect(page.get_by_role("main").locator("tbody tr")).to_have_count(count)


def test_the_parent_opens_their_child_without_other_parents_contact_details(page, demo):
    log_in(page, demo, "parent")

    # The first child card (an announcement card may come before it).
    page.get_by_role("main").get_by_role("heading", level=2).get_by_role("link").first.click()

    expect(page).to_have_url(re.compile(r"/children/[0-9a-f-]{36}/$"))
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Groep en mentor")).to_be_visible()
    expect(main).not_to_contain_text("Thuistalen:")
    expect(main.locator("a[href^='tel:']")).to_have_count(0)
    expect(main.locator("a[href^='mailto:']")).to_have_count(0)
