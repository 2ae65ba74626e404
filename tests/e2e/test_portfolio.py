"""The portfolio from both sides: the mentor shares an observation with a photo; the parent,
on a phone, sees it, responds and adds what they see at home with a photo of their own; the
mentor sees both.

The pages run in English, so that the test does not depend on the Dutch catalogue; what is
typed is Dutch, as our users would write it.
"""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.models import User
from families.management.commands.demo_data import DEMO_LOGINS
from families.models import Child, Consent
from tests.e2e.conftest import log_in
from tests.photos.samples import jpeg

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
OBSERVATION = "Rayan wees vandaag alle rode blokken aan en zei er 'rood' bij."
RESPONSE = "Wat fijn! Thuis zegt hij het ook in het Arabisch."
AT_HOME = "Thuis zingt hij elke avond het liedje van de groep."


def _in_english(page, live_server) -> None:
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])


def test_mentor_and_parent_fill_the_portfolio_together(new_page, demo, live_server):
    parent = User.objects.get(email=DEMO_LOGINS["parent"])
    professional = User.objects.get(email=DEMO_LOGINS["professional"])
    child = Child.objects.visible_to(professional).filter(family__guardians__user=parent).first()
    Consent.objects.create(child=child, kind=Consent.Kind.PORTFOLIO_PHOTOS, given=True, decided_by=parent)
    timeline = f"/children/{child.pk}/portfolio/"

    # The mentor writes an observation with a photo and shares it straight away.
    staff = new_page()
    log_in(staff, demo, "professional")
    _in_english(staff, live_server)
    staff.goto(f"/children/{child.pk}/")
    staff.locator("#portfolio").get_by_role("link", name="Open the portfolio").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text(f"{child.first_name}'s portfolio")
    staff.get_by_role("link", name="New observation").click()
    staff.get_by_label("Development domain").select_option(label="Language")
    staff.get_by_label("What did you see?").fill(OBSERVATION)
    staff.get_by_label("Photos (optional)").set_input_files(
        [{"name": "blokken.jpg", "mimeType": "image/jpeg", "buffer": jpeg((320, 240), color="red")}]
    )
    expect(staff.get_by_label("Share with the parents now")).to_be_checked()
    staff.get_by_role("button", name="Save").click()
    entry = staff.locator("article.portfolio-entry").filter(has_text=OBSERVATION)
    expect(entry).to_contain_text("At the group")
    expect(entry.locator("img.portfolio-thumb")).to_have_count(1)
    expect(entry).not_to_contain_text("Draft")

    # The parent, on a phone, sees it with its photo, opens the photo and responds.
    phone = new_page(viewport=PHONE)
    log_in(phone, demo, "parent")
    _in_english(phone, live_server)
    phone.goto(timeline)
    observed = phone.locator("article.portfolio-entry").filter(has_text=OBSERVATION)
    expect(observed).to_be_visible()
    observed.locator("img.portfolio-thumb").click()
    expect(phone.locator("img.portfolio-full")).to_be_visible()
    # Visible is not loaded: wait for the picture itself (polled by Playwright, not by an
    # eval in the page, which the CSP rightly refuses).
    expect(phone.locator("img.portfolio-full")).to_have_js_property("naturalWidth", 320)
    phone.go_back()
    observed = phone.locator("article.portfolio-entry").filter(has_text=OBSERVATION)
    observed.get_by_label("Your response").fill(RESPONSE)
    observed.get_by_role("button", name="Respond").click()
    expect(phone.locator("article.portfolio-entry").filter(has_text=OBSERVATION)).to_contain_text(RESPONSE)
    # Nothing sticks out sideways on a phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The parent adds what they see at home, without a domain.
    phone.get_by_role("link", name="Add what you see at home").click()
    phone.get_by_label("At home I see…").fill(AT_HOME)
    phone.get_by_label("Photos (optional)").set_input_files(
        [{"name": "IMG_0042.jpg", "mimeType": "image/jpeg", "buffer": jpeg((480, 640), color="blue")}]
    )
    phone.get_by_role("button", name="Save").click()
    home = phone.locator("article.portfolio-entry").filter(has_text=AT_HOME)
    expect(home).to_contain_text("At home")
    expect(home.locator("img.portfolio-thumb")).to_have_count(1)

    # The mentor sees both perspectives, the response, and that the parent saw the observation.
    staff.goto(timeline)
    from_home = staff.locator("article.portfolio-parent").filter(has_text=AT_HOME)
    expect(from_home).to_be_visible()
    expect(from_home.locator("img.portfolio-thumb")).to_have_count(1)
    observation = staff.locator("article.portfolio-professional").filter(has_text=OBSERVATION)
    expect(observation).to_contain_text(RESPONSE)
    expect(observation).to_contain_text(re.compile(r"Seen by .+"))
    staff.get_by_label("Perspective").select_option(label="At home")
    staff.get_by_role("button", name="Filter").click()
    expect(staff.locator("article.portfolio-parent").filter(has_text=AT_HOME)).to_be_visible()
    expect(staff.locator("article.portfolio-professional")).to_have_count(0)
