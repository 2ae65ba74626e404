"""Staff register a family and invite a parent; the parent sets a password from the mail."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from families.models import Child, Guardian

pytestmark = pytest.mark.e2e

ENGLISH = {"locale": "en-GB"}


def log_in_as(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page).not_to_have_url(re.compile("/accounts/login/"))


def test_staff_register_a_family_and_the_invited_parent_sets_a_password(new_page, demo):
    staff = new_page(**ENGLISH)
    log_in_as(staff, demo.logins["professional"], demo.password)

    staff.get_by_role("link", name="Register a family").click()
    staff.get_by_label("Family name").fill("Haddad")
    staff.get_by_label("Arabic").check()
    staff.get_by_label("Preferred language for communication").select_option("ar")
    staff.locator("#id_guardian1-first_name").fill("Rania")
    staff.locator("#id_guardian1-last_name").fill("Haddad")
    staff.locator("#id_guardian1-relationship").select_option("mother")
    staff.locator("#id_guardian1-email").fill("rania.haddad@example.test")
    # Rania reads English best: her portal follows that.
    staff.locator("#id_guardian1-preferred_language").select_option("en")
    staff.locator("#id_guardian2-first_name").fill("Omar")
    staff.locator("#id_guardian2-last_name").fill("Haddad")
    staff.locator("#id_guardian2-relationship").select_option("father")
    staff.locator("#id_child-first_name").fill("Layla")
    staff.locator("#id_child-last_name").fill("Haddad")
    staff.locator("#id_child-birth_date").fill("2099-01-01")
    staff.get_by_label("Group").select_option(label="Uilen – Kindcentrum De Regenboog")
    staff.get_by_label("Mentor").select_option(label="Fatima El Amrani")
    staff.get_by_role("button", name="Register").click()

    # A birth date in the future is refused at the field; what was typed stays.
    expect(staff.get_by_text("The birth date cannot be in the future.")).to_be_visible()
    expect(staff.locator("#id_guardian1-first_name")).to_have_value("Rania")
    staff.locator("#id_child-birth_date").fill("2023-03-14")
    staff.get_by_role("button", name="Register").click()

    expect(staff.get_by_role("heading", level=1)).to_have_text("Layla Haddad")
    main = staff.get_by_role("main")
    expect(main.get_by_text("Fatima El Amrani")).to_be_visible()
    rania = main.locator("li").filter(has_text="Rania Haddad")
    rania.get_by_role("button", name="Invite to the portal").click()
    expect(staff.get_by_text("An invitation is on its way to Rania.")).to_be_visible()
    expect(
        main.locator("li").filter(has_text="Rania Haddad").get_by_role("button", name="Invite again")
    ).to_be_visible()

    invitation = next(message for message in mail.outbox if message.to == ["rania.haddad@example.test"])
    link = re.search(r"https?://\S+", invitation.body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]

    parent = new_page(**ENGLISH)
    parent.goto(path)
    expect(parent.get_by_role("heading", level=1)).to_have_text("Choose your password")
    parent.locator("#id_password1").fill("layla-haar-mama-2026")
    parent.locator("#id_password2").fill("layla-haar-mama-2026")
    parent.get_by_role("button", name="Save password").click()
    log_in_as(parent, "rania.haddad@example.test", "layla-haar-mama-2026")
    # First the consent questions; the parent answers them later.
    expect(parent).to_have_url(re.compile(r"/parent/consents/$"))
    parent.get_by_role("link", name="Later").click()

    expect(parent.get_by_role("main")).to_contain_text("Layla")
    layla = Child.objects.get(first_name="Layla", family__name="Haddad")
    other_children = Child.objects.exclude(family=layla.family)[:3]
    for other in other_children:
        expect(parent.get_by_role("main")).not_to_contain_text(other.full_name)
    assert Guardian.objects.get(email="rania.haddad@example.test").user.last_login is not None

    # The parent adds a home language: Dutch, spoken by the mother.
    parent.get_by_role("link", name="Our family's details and languages").click()
    expect(parent.get_by_role("heading", level=1)).to_have_text("Your family's details")
    new_language = parent.get_by_role("group", name="Add a language")
    new_language.get_by_label("Language").select_option(label="Dutch")
    new_language.get_by_label("Spoken by").fill("mother, at bedtime")
    parent.get_by_role("button", name="Save", exact=True).click()
    expect(parent.get_by_role("alert")).to_contain_text("your family's details are saved")
    assert layla.family.home_languages.filter(language="nl", spoken_by="mother, at bedtime").exists()

    # The professional sees the change on the staff home.
    staff.goto("/")
    changes = staff.get_by_role("region", name="Changed by parents")
    expect(changes).to_contain_text("Haddad")
