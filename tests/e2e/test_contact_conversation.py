"""The mentor records a development conversation with an agreement for the parent and a shared
summary; the parent reads both on the child's page, never the team's notes, and asks for
another conversation.

The pages run in English, so that the test does not depend on the Dutch catalogue; what is
typed is Dutch, as our users would write it.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from contacts.models import Agreement, ContactMoment, ConversationRequest
from families.management.commands.demo_data import DEMO_LOGINS
from families.models import Child
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
SUMMARY = "Fijn gesprek! Rayan telt al tot tien en zingt de liedjes van de groep thuis na."
STAFF_NOTE = "Moeder maakt zich zorgen over de nieuwe baan van vader; alleen voor het team."
AGREEMENT = "Samen tellen tijdens het traplopen"
REASON = "Rayan slaapt slecht sinds de verhuizing. Kunnen we daarover praten?"


def _in_english(page, live_server) -> None:
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])


def test_the_mentor_records_a_conversation_and_the_parent_reads_the_summary_and_asks_for_another(
    new_page, demo, live_server
):
    parent = User.objects.get(email=DEMO_LOGINS["parent"])
    professional = User.objects.get(email=DEMO_LOGINS["professional"])
    child = Child.objects.visible_to(professional).get(family__guardians__user=parent)
    guardian = child.family.guardians.get(user=parent)
    due_on = timezone.localdate() + datetime.timedelta(days=14)

    page = new_page(viewport=PHONE)
    log_in(page, demo, "professional")
    _in_english(page, live_server)
    page.goto(f"/children/{child.pk}/")
    contact = page.locator("#contact")
    expect(contact).to_contain_text("Contact with the parents")
    contact.get_by_role("link", name="Conversation", exact=True).click()

    page.get_by_label("Kind").select_option(label="Development conversation")
    page.get_by_label("What did the child experience?").fill("Telt tot tien en helpt met opruimen.")
    page.get_by_label("What did the parents tell of home?").fill("Thuis zingt hij de liedjes van de groep.")
    page.get_by_role("group", name="Topics").get_by_text("Language", exact=True).click()  # a chip
    page.get_by_label("Notes for the team").fill(STAFF_NOTE)
    first_row = page.get_by_role("group", name="Agreement 1")
    first_row.get_by_label("What").fill(AGREEMENT)
    first_row.get_by_label("Who").select_option(label=str(guardian))
    first_row.get_by_label("By when").fill(due_on.isoformat())
    page.get_by_label("Summary for the parents").fill(SUMMARY)
    page.get_by_label("Share the summary with the parents").check()
    page.get_by_role("button", name="Save the conversation").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Development conversation about {child.first_name}")
    expect(page.get_by_text(AGREEMENT, exact=True)).to_be_visible()
    expect(page.get_by_text("shared with the parents")).to_be_visible()
    moment = ContactMoment.objects.get(staff_notes=STAFF_NOTE)
    assert moment.summary_shared and moment.kind == ContactMoment.Kind.DEVELOPMENT
    assert Agreement.objects.get(description=AGREEMENT).owner_guardian == guardian

    # The parent, on another device.
    parent_page = new_page(viewport=PHONE)
    log_in(parent_page, demo, "parent")
    _in_english(parent_page, live_server)
    parent_page.goto("/parent/")
    parent_page.get_by_role("link", name=f"About {child.first_name}").click()
    contact = parent_page.locator("#contact")
    expect(contact).to_contain_text(SUMMARY)
    expect(contact).to_contain_text(AGREEMENT)
    expect(parent_page.get_by_text(STAFF_NOTE)).to_have_count(0)
    expect(parent_page.get_by_text("Telt tot tien en helpt met opruimen.")).to_have_count(0)

    contact.get_by_role("link", name="Ask for a conversation").click()
    parent_page.get_by_label("What would you like to talk about?").fill(REASON)
    parent_page.get_by_role("button", name="Send").click()

    expect(parent_page).to_have_url(re.compile(rf"/children/{child.pk}/#contact$"))
    expect(parent_page.get_by_role("alert").filter(has_text="Your question was sent to the mentor")).to_be_visible()
    expect(parent_page.locator("#contact")).to_contain_text("You asked for a conversation on")
    request = ConversationRequest.objects.get(reason=REASON)
    assert request.child == child and request.requested_by == parent

    # Back on the mentor's home: the request and the agreement, each picked up with one tap.
    page.goto("/staff/")
    requests = page.locator("ul.conversation-requests")
    expect(requests).to_contain_text(REASON)
    requests.locator("li").filter(has_text=REASON).get_by_role("button", name="Picked up").click()
    expect(page).to_have_url(re.compile(r"/staff/$"))
    expect(page.get_by_role("alert").filter(has_text="The request is marked as handled")).to_be_visible()
    expect(page.get_by_text(REASON)).to_have_count(0)
    request.refresh_from_db()
    assert request.handled_by == professional

    expect(page.locator("ul.open-agreements")).to_contain_text(AGREEMENT)

    # The agreement is done on the child's page: its (cached) contact section's button submits
    # the form outside it, with the page's token, and comes back to the section.
    page.goto(f"/children/{child.pk}/")
    contact = page.locator("#contact")
    contact.locator("li").filter(has_text=AGREEMENT).get_by_role("button", name="Done").click()
    expect(page).to_have_url(re.compile(rf"/children/{child.pk}/#contact$"))
    expect(page.get_by_role("alert").filter(has_text="Marked as done.")).to_be_visible()
    expect(page.locator("#contact").get_by_text(AGREEMENT)).to_have_count(0)
    assert Agreement.objects.get(description=AGREEMENT).done_at is not None
