"""A mentor logs a pick-up talk from the group overview on a phone, without leaving the page.

The staff part runs in English, so that it does not depend on the Dutch catalogue; what is
typed is Dutch, as our users would write it.
"""

import re

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from accounts.models import User
from contacts.models import ContactMoment, Topic
from families.management.commands.demo_data import DEMO_LOGINS
from families.models import Placement
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
TODAY_AT_THE_GROUP = "Heeft de hele ochtend met de treinbaan gespeeld."
HOME_NEWS = "Oma is op bezoek, hij slaapt wat later."
POSITIVE = "Hij helpt andere kinderen zo lief met opruimen."


def _in_english(page, live_server) -> None:
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])


def _a_mentor_child():
    professional = User.objects.get(email=DEMO_LOGINS["professional"])
    placement = (
        Placement.objects.current()
        .filter(mentor=professional, group__is_active=True)
        .select_related("child", "group")
        .order_by("child__first_name")
        .first()
    )
    return professional, placement.child, placement.group


def test_the_mentor_logs_a_pick_up_talk_from_the_group_overview_without_leaving_it(new_page, demo, live_server):
    professional, child, group = _a_mentor_child()
    logged_before = ContactMoment.objects.filter(child=child).count()
    topic = Topic.objects.filter(is_active=True).first()
    with translation.override("en"):
        topic_name = str(topic)

    page = new_page(viewport=PHONE)
    log_in(page, demo, "professional")
    _in_english(page, live_server)
    page.goto(f"/groups/{group.pk}/")
    overview_url = page.url
    # A marker that a page load would wipe out: the log must not navigate.
    page.evaluate("window.stillTheSamePage = true")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "no sideways scrolling"

    row = page.locator(f"#child-{child.pk}")
    row.get_by_role("link", name=re.compile(r"^Log contact")).click()
    form = page.locator(f"#quick-log-{child.pk} form")
    expect(form).to_be_visible()
    expect(form.get_by_role("radio", name="Pick-up/drop-off")).to_be_checked()

    form.locator("label", has_text="Pick-up/drop-off").click()
    form.get_by_label(f"What did {child.first_name} experience today?").fill(TODAY_AT_THE_GROUP)
    form.get_by_label("What did the parent tell of home?").fill(HOME_NEWS)
    form.locator("label", has_text=topic_name).click()
    form.get_by_label(f"Something positive about {child.first_name}").fill(POSITIVE)
    save = form.get_by_role("button", name="Save")
    box = save.bounding_box()
    assert box is not None and box["height"] >= 44, "a button a thumb can hit"
    save.click()

    container = page.locator(f"#quick-log-{child.pk}")
    expect(container.get_by_role("status")).to_contain_text("Saved — next contact due")
    expect(row.locator(f"#contact-status-{child.pk}")).to_contain_text("Last contact today")
    assert page.url == overview_url
    assert page.evaluate("window.stillTheSamePage") is True

    moments = ContactMoment.objects.filter(child=child)
    assert moments.count() == logged_before + 1
    moment = moments.order_by("-created_at").first()
    assert (moment.kind, moment.professional, moment.recorded_by) == ("pick_up", professional, professional)
    assert (moment.child_experience, moment.home_news, moment.positive_note) == (
        TODAY_AT_THE_GROUP,
        HOME_NEWS,
        POSITIVE,
    )
    assert list(moment.topics.all()) == [topic]

    container.get_by_role("button", name="Close").click()
    expect(container).to_be_empty()


def test_an_empty_quick_log_shows_what_is_missing_in_place(new_page, demo, live_server):
    _professional, child, group = _a_mentor_child()
    logged_before = ContactMoment.objects.filter(child=child).count()

    page = new_page(viewport=PHONE)
    log_in(page, demo, "professional")
    _in_english(page, live_server)
    page.goto(f"/groups/{group.pk}/")
    page.locator(f"#child-{child.pk}").get_by_role("link", name=re.compile(r"^Log contact")).click()
    form = page.locator(f"#quick-log-{child.pk} form")
    form.locator("label", has_text="Phone").click()
    form.get_by_role("button", name="Save").click()

    expect(form.get_by_role("alert")).to_contain_text("Write down at least one thing")
    expect(form.get_by_role("radio", name="Phone")).to_be_checked()
    assert page.url.endswith(f"/groups/{group.pk}/")
    assert ContactMoment.objects.filter(child=child).count() == logged_before


def test_the_quick_log_page_fits_a_phone_screen(new_page, demo, live_server):
    _professional, child, _group = _a_mentor_child()

    page = new_page(viewport=PHONE)
    log_in(page, demo, "professional")
    _in_english(page, live_server)
    page.goto(f"/children/{child.pk}/contacts/quick/")

    save = page.get_by_role("main").get_by_role("button", name="Save")
    expect(save).to_be_visible()
    assert save.bounding_box()["y"] + save.bounding_box()["height"] <= PHONE["height"], "no scrolling to save"
    assert page.evaluate("document.activeElement === document.body"), "no keyboard pops up by itself"
