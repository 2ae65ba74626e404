"""A parent writes to the group from a phone; the mentor sees the unread count, opens the
conversation and answers; the parent's open page shows the answer and the read mark
without being reloaded.

The pages run in English, so that the test does not depend on the Dutch catalogue; what
is typed is Dutch, as our users would write it.
"""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.models import User
from families.management.commands.demo_data import DEMO_LOGINS
from families.models import Child
from messaging.selectors import unread_count
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
QUESTION = "Goedemorgen! Rayan heeft vannacht slecht geslapen. Wilt u hem vanmiddag laten rusten?"
ANSWER = "Dank u wel voor het laten weten. We laten hem na de lunch lekker slapen."
# The open conversation polls every 5 seconds; allow a few rounds.
POLL_WAIT = 15_000


def _in_english(page, live_server) -> None:
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])


def test_a_parent_writes_the_mentor_answers_and_the_parent_sees_it_without_reloading(new_page, demo, live_server):
    parent = User.objects.get(email=DEMO_LOGINS["parent"])
    professional = User.objects.get(email=DEMO_LOGINS["professional"])
    child = Child.objects.visible_to(professional).get(family__guardians__user=parent)

    # The parent, on a phone, opens the conversation about the child from the inbox and writes.
    parent_page = new_page(viewport=PHONE)
    log_in(parent_page, demo, "parent")
    _in_english(parent_page, live_server)
    parent_page.goto("/messages/")
    parent_page.get_by_role("main").get_by_role("link", name=re.compile(child.first_name)).first.click()
    expect(parent_page.get_by_role("heading", level=1)).to_contain_text(child.first_name)
    parent_page.get_by_label("Your message").fill(QUESTION)
    parent_page.get_by_role("button", name="Send").click()
    own_message = parent_page.locator("#message-list > li").filter(has_text=QUESTION)
    expect(own_message).to_be_visible()
    expect(own_message).to_have_class(re.compile(r"\bmessage-ours\b"))
    expect(own_message).to_contain_text("Sent, not read yet")
    expect(parent_page.get_by_label("Your message")).to_have_value("")
    # From here on the parent's page is never reloaded: this mark would be gone if it were.
    parent_page.evaluate("window.samenspelNotReloaded = true")

    # The mentor sees the unread count in the navigation, opens the conversation and answers.
    staff_page = new_page()
    log_in(staff_page, demo, "professional")
    _in_english(staff_page, live_server)
    staff_page.goto("/")
    unread = unread_count(User.objects.get(pk=professional.pk))
    assert unread >= 1
    messages_link = staff_page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name=re.compile(r"^Messages")
    )
    expect(messages_link).to_contain_text(f"{unread} unread messages")
    messages_link.click()
    staff_page.get_by_role("main").get_by_role("link", name=re.compile(re.escape(child.full_name))).click()
    question = staff_page.locator("#message-list > li").filter(has_text=QUESTION)
    expect(question).to_be_visible()
    expect(question).to_have_class(re.compile(r"\bmessage-theirs\b"))
    expect(question).to_contain_text("(parent)")
    staff_page.get_by_label("Your message").fill(ANSWER)
    staff_page.get_by_role("button", name="Send").click()
    expect(staff_page.locator("#message-list > li").filter(has_text=ANSWER)).to_be_visible()
    staff_page.goto("/")
    expect(
        staff_page.get_by_role("navigation", name="Main navigation").get_by_role("link", name=re.compile(r"^Messages"))
    ).not_to_contain_text("unread messages")

    # The parent's open page shows the answer and that the mentor read the question.
    answer = parent_page.locator("#message-list > li").filter(has_text=ANSWER)
    expect(answer).to_be_visible(timeout=POLL_WAIT)
    expect(answer).to_have_class(re.compile(r"\bmessage-theirs\b"))
    expect(own_message).to_contain_text(f"Read by {professional.first_name}", timeout=POLL_WAIT)
    assert parent_page.evaluate("window.samenspelNotReloaded") is True
    expect(parent_page.locator("#message-list > li").filter(has_text=QUESTION)).to_have_count(1)
