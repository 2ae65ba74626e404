"""A home activity from hand-out to feedback: a professional hands an activity to their VE
group; a parent whose language is Arabic, on a phone, reads it in Arabic right to left,
opens the Dutch text, does it and tells how it went; the professional reads that on the
group's take-up page.

The pages run in English, so that the test does not depend on the Dutch catalogue; the
activity itself is Dutch with an Arabic translation, as staff would enter it.
"""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts import access
from accounts.models import User
from families.management.commands.demo_data import DEMO_LOGINS
from families.models import Guardian, Placement
from tests.activities.factories import ActivityFactory, ActivityTranslationFactory
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DUTCH_TITLE = "Groentesoep met de hele familie"
ARABIC_TITLE = "حساء الخضار مع كل العائلة"
NOTE = "Kook samen en noem alle groenten."
CHILD_SAID = "جزرة! Wortel!"


def _in_english(page, live_server) -> None:
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])


def test_a_parent_does_the_home_activity_in_arabic_and_the_professional_reads_how_it_went(new_page, demo, live_server):
    parent = User.objects.get(email=DEMO_LOGINS["parent"])
    professional = User.objects.get(email=DEMO_LOGINS["professional"])
    placement = (
        Placement.objects.current()
        .filter(child__family__guardians__user=parent, group__in=access.groups_worked_in(professional))
        .select_related("group", "child")
        .first()
    )
    group = placement.group
    group.is_ve = True
    group.save(update_fields=["is_ve"])
    Guardian.objects.filter(user=parent).update(preferred_language="ar")
    activity = ActivityFactory(
        title=DUTCH_TITLE,
        materials="Een pan\nWortels en prei",
        steps="Was samen de groenten.\nNoem elke groente.\nRoer samen in de pan.",
    )
    ActivityTranslationFactory(
        activity=activity,
        language="ar",
        title=ARABIC_TITLE,
        materials="قدر\nجزر وكراث",
        steps="اغسلوا الخضار معًا.\nسمّوا كل خضار.\nحرّكوا القدر معًا.",
    )

    # The professional hands the activity to the whole group for this week, from the group page.
    staff = new_page()
    log_in(staff, demo, "professional")
    _in_english(staff, live_server)
    staff.goto(f"/groups/{group.pk}/")
    staff.get_by_role("link", name="Activities at home").click()
    staff.get_by_role("link", name="Hand out an activity").click()
    staff.get_by_label("Activity").select_option(label=DUTCH_TITLE)
    expect(staff.get_by_label("For")).to_have_value(f"group:{group.pk}")
    expect(staff.get_by_label("Week")).to_contain_text("This week")
    staff.get_by_label("A word to the parents (optional)").fill(NOTE)
    staff.get_by_role("button", name="Hand out").click()
    handed = staff.locator("section.take-up").filter(has_text=DUTCH_TITLE)
    expect(handed).to_contain_text("for the whole group")
    expect(handed).to_contain_text("this week")

    # The parent, on a phone, finds it on the home page in Arabic, right to left.
    phone = new_page(viewport=PHONE)
    log_in(phone, demo, "parent")
    _in_english(phone, live_server)
    phone.goto("/")
    card = phone.locator("section.home-activities-card")
    title_link = card.get_by_role("link", name=ARABIC_TITLE)
    expect(title_link).to_have_attribute("dir", "rtl")
    expect(title_link).to_have_attribute("lang", "ar")
    title_link.click()
    own = phone.locator("article.home-activity-own")
    expect(own).to_have_attribute("dir", "rtl")
    expect(own).to_have_attribute("lang", "ar")
    expect(own.get_by_role("heading", name=ARABIC_TITLE)).to_be_visible()
    expect(own.locator("ol.home-activity-steps li")).to_have_count(3)
    assert phone.evaluate("getComputedStyle(document.querySelector('article.home-activity-own')).direction") == "rtl"
    expect(phone.get_by_text(NOTE)).to_be_visible()

    # The Dutch text is one tap away, so that the parent uses the group's words.
    dutch = phone.locator("article.home-activity-dutch")
    expect(dutch).to_be_hidden()
    phone.get_by_text("Show in Dutch").click()
    expect(dutch).to_be_visible()
    expect(dutch).to_have_attribute("dir", "ltr")
    expect(dutch.get_by_role("heading", name=DUTCH_TITLE)).to_be_visible()
    expect(dutch).to_contain_text("Noem elke groente.")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Done! The parent tells how it went, in Arabic.
    phone.get_by_label("Great").check()
    phone.get_by_label("What did your child say?").fill(CHILD_SAID)
    phone.get_by_label("Which language did you use?").select_option(label="Arabic")
    phone.get_by_role("button", name="Send to the group").click()
    expect(phone.get_by_text("Thank you! The group can read how it went.")).to_be_visible()
    told = phone.locator("#feedback")
    expect(told).to_contain_text("Done! What you told the group")
    expect(told).to_contain_text(CHILD_SAID)
    expect(told).to_contain_text("Arabic")
    phone.goto("/")
    expect(phone.locator("section.home-activities-card li").filter(has_text=ARABIC_TITLE)).to_contain_text("Done ✓")

    # The professional reads it on the group's take-up page.
    staff.goto(f"/groups/{group.pk}/activities/")
    handed = staff.locator("section.take-up").filter(has_text=DUTCH_TITLE)
    row = handed.locator(".take-up-family").filter(has_text=CHILD_SAID)
    expect(row).to_contain_text("Arabic")
    expect(row).to_contain_text("Great")
    expect(handed.locator(".take-up-percent")).to_contain_text("1 of")
