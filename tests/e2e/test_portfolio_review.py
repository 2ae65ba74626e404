"""The portfolio review from both sides: the mentor starts it from the development
conversation and asks the parents; the parent, on a phone, writes their view; the mentor
writes the next steps and agrees; the parent reads both views side by side.

The pages run in English, so that the test does not depend on the Dutch catalogue; what is
typed is Dutch, as our users would write it.
"""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.models import User
from contacts.models import ContactMoment
from families.management.commands.demo_data import DEMO_LOGINS
from families.models import Child
from notifications.models import Notification
from portfolios.models import PortfolioReview
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
GROUP_VIEW = "Rayan benoemt kleuren en telt tot vijf tijdens het opruimen."
HOME_VIEW = "Thuis telt hij de traptreden, in het Arabisch en in het Nederlands."
NEXT_STEPS = "Samen tellen bij het tafeldekken, thuis in de eigen taal."


def _in_english(page, live_server) -> None:
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_mentor_and_parent_agree_on_a_portfolio_review(new_page, demo, live_server):
    parent = User.objects.get(email=DEMO_LOGINS["parent"])
    professional = User.objects.get(email=DEMO_LOGINS["professional"])
    child = Child.objects.visible_to(professional).filter(family__guardians__user=parent).first()
    conversation = ContactMoment.objects.filter(child=child, kind=ContactMoment.Kind.DEVELOPMENT).first()
    assert conversation is not None, "the demo data holds a development conversation with the demo parent"
    # The demo data agreed a review on it already: this conversation starts afresh.
    PortfolioReview.objects.filter(child=child).delete()

    # The mentor starts the review from the development conversation and writes the group's view.
    staff = new_page()
    log_in(staff, demo, "professional")
    _in_english(staff, live_server)
    staff.goto(f"/contacts/{conversation.pk}/")
    staff.get_by_role("link", name="Start a portfolio review from this conversation").click()
    expect(staff.get_by_label("Development conversation")).to_have_value(str(conversation.pk))
    staff.get_by_role("button", name="Start the review").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text(f"Portfolio review of {child.first_name}")
    language = staff.locator("fieldset").filter(has=staff.get_by_text("Language", exact=True))
    language.get_by_label("At the group").fill(GROUP_VIEW)
    staff.get_by_role("button", name="Save").click()
    expect(staff.locator(".review-view-group").first).to_contain_text(GROUP_VIEW)
    expect(staff.get_by_text("Draft: only the team sees this")).to_be_visible()
    staff.get_by_role("button", name="Ask the parents for their view").click()
    expect(staff.get_by_text("Asked the parents for their view").first).to_be_visible()
    assert Notification.objects.filter(recipient=parent, kind="portfolio_review_input").count() == 1

    # The parent, on a phone, follows the notification and writes their view of language.
    phone = new_page(viewport=PHONE)
    log_in(phone, demo, "parent")
    _in_english(phone, live_server)
    phone.goto(f"/children/{child.pk}/portfolio/")
    phone.get_by_role("link", name="Portfolio conversations").click()
    phone.locator(".list-group-item").first.get_by_role("link").click()
    phone.get_by_role("link", name="Write your view").click()
    expect(phone.get_by_text(GROUP_VIEW)).to_be_visible()
    _no_sideways_scroll(phone)
    phone.locator("fieldset").filter(has=phone.get_by_text("Language", exact=True)).get_by_label(
        "What do you see at home?"
    ).fill(HOME_VIEW)
    phone.get_by_role("button", name="Save my view").click()
    expect(phone.locator(".review-view-home").first).to_contain_text(HOME_VIEW)
    _no_sideways_scroll(phone)

    # After the conversation the mentor writes the next steps and agrees.
    staff.reload()
    expect(staff.locator(".review-view-home").first).to_contain_text(HOME_VIEW)
    staff.get_by_role("link", name="Edit", exact=True).click()
    language = staff.locator("fieldset").filter(has=staff.get_by_text("Language", exact=True))
    expect(language.get_by_label("At home")).to_have_value(HOME_VIEW)
    language.get_by_label("Next steps").fill(NEXT_STEPS)
    staff.get_by_role("button", name="Save").click()
    staff.get_by_role("button", name="Agree on this review").click()
    expect(staff.get_by_text("The review is agreed and shared with the parents.")).to_be_visible()
    staff.get_by_role("link", name="Development conversation of").click()
    expect(staff).to_have_url(f"{live_server.url}/contacts/{conversation.pk}/")
    expect(staff.get_by_role("link", name=re.compile(r"^Review .*\(Agreed\)$"))).to_be_visible()

    # The parent reads the agreed review: both views side by side above each other on a phone.
    phone.reload()
    expect(phone.get_by_text("Agreed", exact=True)).to_be_visible()
    domain = phone.locator("section.review-domain").first
    group, home = domain.locator(".review-view-group"), domain.locator(".review-view-home")
    expect(group).to_contain_text(GROUP_VIEW)
    expect(home).to_contain_text(HOME_VIEW)
    expect(domain).to_contain_text(NEXT_STEPS)
    assert group.bounding_box()["y"] < home.bounding_box()["y"], "stacked on a phone"
    expect(phone.get_by_role("link", name="Write your view")).to_have_count(0)
    _no_sideways_scroll(phone)
    assert Notification.objects.filter(recipient=parent, kind="portfolio_review_agreed").count() == 1

    # On a wide screen the two views stand side by side.
    staff.goto(phone.url)
    wide = staff.locator("section.review-domain").first
    group_box = wide.locator(".review-view-group").bounding_box()
    home_box = wide.locator(".review-view-home").bounding_box()
    assert abs(group_box["y"] - home_box["y"]) < 2 and group_box["x"] < home_box["x"]
