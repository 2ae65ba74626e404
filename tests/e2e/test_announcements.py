"""A professional sends an announcement to her group from a phone and sees the read count
rise when a parent opens it; the parent's private reply lands in the child's conversation.

Both use the portal in English (their preferred language), so that the test does not
depend on the Dutch catalogue of these pages; what is typed is Dutch, as our users write.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from families.models import Child
from groups.models import Group
from messaging.models import Message
from messaging.services.announcements import families_placed_in
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
TEXT = "Morgen gaan we naar de kinderboerderij! Willen jullie laarzen meegeven?"
REPLY = "Rayan heeft geen laarzen, mag hij gympen aan?"


def _read_by(read: int, total: int) -> str:
    return f"read by {read} of {total} {'family' if total == 1 else 'families'}"


def test_a_professional_sends_an_announcement_and_sees_the_read_count_rise_when_a_parent_opens_it(new_page, demo):
    User.objects.filter(email__in=[demo.logins["parent"], demo.logins["professional"]]).update(preferred_language="en")
    uilen = Group.objects.get(name="Uilen")
    rayan = Child.objects.get(family__guardians__user__email=demo.logins["parent"], first_name="Rayan")
    total = families_placed_in(uilen.pk).count()

    # The professional writes to all parents of Uilen, from the group's page.
    staff = new_page(**PHONE)
    log_in(staff, demo, "professional")
    staff.goto(f"/groups/{uilen.pk}/")
    staff.get_by_role("main").get_by_role("link", name="Announcements").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Announcements to the parents of Uilen")
    staff.get_by_role("link", name="New announcement").click()
    staff.get_by_role("button", name="Send to all parents").click()
    expect(staff.get_by_role("alert")).to_contain_text("Write a message or add a photo.")
    staff.get_by_label("Message to all parents of the group").fill(TEXT)
    staff.get_by_role("button", name="Send to all parents").click()
    expect(staff.get_by_role("alert").filter(has_text="sent to the parents of Uilen")).to_be_visible()
    expect(staff.get_by_role("main")).to_contain_text(TEXT)
    count = staff.get_by_role("heading", name=re.compile("read by"))
    expect(count).to_have_text(_read_by(0, total))

    # The parent, in another browser, finds it on the home page and opens it.
    parent = new_page(**PHONE)
    log_in(parent, demo, "parent")
    card = parent.get_by_role("region", name=re.compile("New announcements? from the group"))
    card.get_by_role("link", name=re.compile("Morgen gaan we naar de kinderboerderij")).click()
    expect(parent.get_by_role("heading", level=1)).to_have_text("Announcement from Uilen")
    expect(parent.get_by_role("main")).to_contain_text(TEXT)

    # The professional reloads: one family more has read it.
    staff.reload()
    expect(count).to_have_text(_read_by(1, total))
    expect(staff.locator(".families-read")).to_contain_text(rayan.first_name)

    # The parent answers privately: it lands in Rayan's conversation with the group.
    reply = parent.get_by_role("region", name="Reply privately")
    choice = reply.get_by_role("radio", name=rayan.first_name)
    if choice.count():  # with two children in Uilen the parent says whose conversation it is
        reply.locator("label", has_text=rayan.first_name).click()
    reply.get_by_label("Your reply").fill(REPLY)
    reply.get_by_role("button", name="Send reply").click()
    expect(parent).to_have_url(re.compile(rf"/children/{rayan.pk}/messages/"))
    expect(parent.get_by_role("main")).to_contain_text(REPLY)
    assert Message.objects.filter(child=rayan, body=REPLY, announcement__body=TEXT).exists()
