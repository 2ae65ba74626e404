"""A parent answers the consent questions at login, withdraws one later and changes the family's
home languages on a phone; the mentor sees the change on the child's page and marks it seen.

The demo parent and mentor use the portal in English (their preferred language), so that the
test does not depend on the Dutch catalogue of these pages.
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from accounts.models import User
from families.models import Child, Consent, FamilyProfileChange
from families.services.consents import consent_given
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
PORTFOLIO = "Photos of my child in the portfolio"
GROUP_PHOTOS = "Photos of my child visible to other parents of the group"
SCHOOL = "Sharing the portfolio with the primary school at the transition"


def _prefer_english(*emails: str) -> None:
    User.objects.filter(email__in=emails).update(preferred_language="en")


def _answer(scope, question: str, answer: str) -> None:
    # The radios are drawn as buttons: people tap the label.
    scope.get_by_role("group", name=question).locator("label", has_text=answer).click()


def _demo_children(demo) -> list[Child]:
    return list(
        Child.objects.filter(family__guardians__user__email=demo.logins["parent"]).distinct().order_by("first_name")
    )


def test_a_parent_answers_the_consents_withdraws_one_and_the_mentor_sees_the_changed_language(new_page, demo):
    mentored = Child.objects.get(
        pk__in=[child.pk for child in _demo_children(demo)], placements__mentor__email=demo.logins["professional"]
    )
    others = [child for child in _demo_children(demo) if child != mentored]
    _prefer_english(demo.logins["parent"], demo.logins["professional"])

    # Asked right after logging in, on a phone.
    page: Page = new_page(**PHONE)
    log_in(page, demo, "parent", consents_later=False)
    expect(page).to_have_url(re.compile(r"/parent/consents/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your consent, please")
    mentored_card = page.get_by_role("region", name=mentored.first_name)
    expect(mentored_card.get_by_text("Not answered yet")).to_have_count(3)
    for question in (PORTFOLIO, GROUP_PHOTOS, SCHOOL):
        _answer(mentored_card, question, "Yes, I agree")
    for child in others:
        _answer(page.get_by_role("region", name=child.first_name), PORTFOLIO, "Yes, I agree")
    page.get_by_role("button", name="Save my answers").click()

    expect(page).to_have_url(re.compile(r"/parent/$"))
    expect(page.get_by_role("alert")).to_contain_text("answers are saved")
    assert consent_given(mentored, Consent.Kind.SCHOOL_TRANSFER)

    # Later: withdraws one, from the child's page.
    page.get_by_role("main").get_by_role("link", name=mentored.first_name, exact=True).click()
    consents = page.get_by_role("region", name="Consents")
    expect(consents.get_by_role("listitem").filter(has_text=PORTFOLIO)).to_contain_text("given")
    consents.get_by_role("link", name="Give or change consent").click()
    expect(page.get_by_role("group", name=PORTFOLIO).get_by_label("Yes, I agree")).to_be_checked()
    _answer(page, PORTFOLIO, "No, I do not agree")
    page.get_by_role("button", name="Save my answers").click()

    consents = page.get_by_role("region", name="Consents")
    expect(consents.get_by_role("listitem").filter(has_text=PORTFOLIO)).to_contain_text("withdrawn")
    expect(consents.get_by_role("listitem").filter(has_text=SCHOOL)).to_contain_text("given")
    assert not consent_given(mentored, Consent.Kind.PORTFOLIO_PHOTOS)
    assert Consent.objects.filter(child=mentored, kind=Consent.Kind.PORTFOLIO_PHOTOS).count() == 2

    # Changes the family's home languages.
    page.get_by_role("link", name="Update your family's details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your family's details")
    new_language = page.get_by_role("group", name="Add a language")
    new_language.get_by_label("Language").select_option(label="Turkish")
    new_language.get_by_label("Spoken by").fill("grandmother to the child")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("your family's details are saved")
    assert mentored.family.home_languages.filter(language="tr", spoken_by="grandmother to the child").exists()

    # The mentor sees the change on the child's page and marks it seen.
    mentor_page = new_page()
    log_in(mentor_page, demo, "professional")
    mentor_page.goto(f"/children/{mentored.pk}/")
    changes = mentor_page.get_by_role("region", name="Changes by the parents")
    with translation.override("nl"):
        turkish = translation.gettext("Turkish")
    unseen = changes.get_by_role("listitem").filter(has_text=f"{turkish} (grandmother to the child)")
    expect(unseen).to_contain_text("new")
    unseen.get_by_role("button", name="Mark as seen").click()

    expect(unseen).to_contain_text("Seen by Fatima El Amrani")
    expect(unseen.get_by_role("button", name="Mark as seen")).to_have_count(0)
    change = FamilyProfileChange.objects.get(family=mentored.family)
    assert change.seen_by.email == demo.logins["professional"]
