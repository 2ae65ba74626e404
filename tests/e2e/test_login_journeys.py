"""Each demo role logs in through the real login page and lands on its own home.

Driven in Chromium against a live server loaded with the demo organisation (`demo_data`).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from families.models import Child
from tests.e2e.conftest import LOGIN_PATH, log_in

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def children_of(email: str) -> list[Child]:
    return list(Child.objects.filter(family__guardians__user__email=email).distinct().order_by("first_name"))


def child_links(page: Page) -> set[str]:
    """The child pages the page links to (not the links to a child's consents and such)."""
    paths = page.locator("main a[href^='/children/']").evaluate_all("links => links.map(a => a.pathname)")
    return {path for path in paths if re.fullmatch(r"/children/[0-9a-f-]{36}/", path)}


def test_the_admin_sees_all_locations(page, demo):
    log_in(page, demo, "admin")

    expect(page).to_have_url(re.compile(r"/manager/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Alle locaties")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Kindcentrum De Regenboog")).to_be_visible()
    expect(main.get_by_role("heading", name="Peuteropvang Het Kompas")).to_be_visible()
    expect(page.get_by_role("link", name="Beheer")).to_be_visible()


def test_the_manager_sees_their_own_location_only(page, demo):
    log_in(page, demo, "manager")

    expect(page).to_have_url(re.compile(r"/manager/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn locaties")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Kindcentrum De Regenboog")).to_be_visible()
    for group in ("Dolfijnen", "Vlinders", "Uilen"):
        expect(main.get_by_role("link", name=group, exact=True)).to_be_visible()
    expect(main).not_to_contain_text("Peuteropvang Het Kompas")
    expect(main).not_to_contain_text("Zonnetjes")


def test_the_professional_sees_their_groups_and_mentor_children(page, demo):
    log_in(page, demo, "professional")

    expect(page).to_have_url(re.compile(r"/staff/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hallo Fatima")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Uilen")).to_be_visible()
    expect(main.get_by_role("heading", name="Vlinders")).to_be_visible()
    expect(main.get_by_role("heading", name="Mijn mentorkinderen")).to_be_visible()
    expect(main).not_to_contain_text("Zonnetjes")
    expect(main).not_to_contain_text("Dolfijnen")


def test_the_parent_sees_their_own_children(page, demo):
    parent = User.objects.get(email=demo.logins["parent"])
    own = children_of(parent.email)
    assert len(own) == 2

    log_in(page, demo, "parent")

    expect(page).to_have_url(re.compile(r"/parent/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hallo {parent.first_name}")
    for child in own:
        expect(page.get_by_role("main").get_by_role("heading", name=child.first_name, exact=True)).to_be_visible()
    assert child_links(page) == {f"/children/{child.pk}/" for child in own}


def test_a_parent_does_not_see_another_familys_child(page, demo):
    own = children_of(demo.logins["parent"])
    others = Child.objects.exclude(family=own[0].family).exclude(first_name__in=[child.first_name for child in own])
    other = others.order_by("first_name").first()

    log_in(page, demo, "parent")

    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name=own[0].first_name, exact=True)).to_be_visible()
    expect(main).not_to_contain_text(other.first_name)
    assert f"/children/{other.pk}/" not in child_links(page)

    response = page.goto(f"/children/{other.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("niet gevonden|not found", re.IGNORECASE))
    expect(page.get_by_role("main")).not_to_contain_text(other.first_name)

    # Their own child's page does open.
    assert page.goto(f"/children/{own[0].pk}/").status == 200
    expect(page.get_by_role("main")).to_contain_text(own[0].first_name)


def test_logging_out_ends_the_session(page, demo):
    log_in(page, demo, "professional")

    page.get_by_role("navigation").get_by_role("button", name="Fatima", exact=True).click()
    page.get_by_role("button", name="Uitloggen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen bij Samenspel")
    page.goto("/staff/")
    expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH) + r"\?next=/staff/"))


def test_the_language_switch_changes_the_page_to_english(page, demo):
    log_in(page, demo, "professional")
    page.goto("/messages/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    page.get_by_label("Taal").select_option("en")

    # The form's token and return address stand outside the cached navigation (their
    # `form` attribute): the switch is accepted and returns to the page it was made on.
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/messages/$"))
    expect(page.get_by_role("link", name="My groups")).to_be_visible()
    # The choice sticks on the next page.
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Fatima")
    expect(page.get_by_role("heading", name="My mentor children")).to_be_visible()


@pytest.mark.parametrize("role", ["admin", "manager", "professional", "parent"])
def test_the_home_fits_a_phone_without_scrolling_sideways(new_page, demo, role):
    page = new_page(**PHONE)
    log_in(page, demo, role)
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_navbar_toggler_opens_the_menu_on_a_phone(new_page, demo):
    page = new_page(**PHONE)
    log_in(page, demo, "parent")
    toggler = page.get_by_role("button", name="Menu openen")
    menu_link = page.get_by_role("navigation").get_by_role("link", name="Mijn kinderen")
    expect(menu_link).to_be_hidden()
    expect(toggler).to_have_attribute("aria-expanded", "false")

    toggler.click()

    expect(menu_link).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    menu_link.click()
    expect(page).to_have_url(re.compile(r"/parent/$"))
