"""A parent–child session from planning to participation: the demo professional plans one for
their group and invites the parents; the demo parent, on a phone, says they are coming;
after the start the professional registers who came and writes a reflection, and the
family's participation count goes up by one.

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
from activities.models import ParentChildSession, SessionFamily
from activities.sessions_selectors import participation_by_family
from families.management.commands.demo_data import DEMO_LOGINS
from families.models import Child, Placement
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
TITLE = "Samen prentenboek lezen"
INVITATION = "Kom samen met uw kind een prentenboek lezen. Broertjes en zusjes zijn ook welkom."
REFLECTION = "Ouders stelden open vragen bij de plaatjes. Volgende keer: een liedje erbij."


def _in_english(page, live_server) -> None:
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])


def test_a_session_is_planned_answered_registered_and_counted(new_page, demo, live_server):
    parent = User.objects.get(email=DEMO_LOGINS["parent"])
    professional = User.objects.get(email=DEMO_LOGINS["professional"])
    child = Child.objects.visible_to(professional).filter(family__guardians__user=parent).first()
    group = Placement.objects.current().filter(child=child).select_related("group").first().group
    family = child.family
    attended_before = {row.pk: row.sessions_attended for row in participation_by_family(group)}.get(family.pk, 0)
    next_week = timezone.localdate() + datetime.timedelta(days=7)

    # The professional plans a session from the group's page and invites the parents.
    staff = new_page()
    log_in(staff, demo, "professional")
    _in_english(staff, live_server)
    staff.goto(f"/groups/{group.pk}/")
    staff.get_by_role("link", name="Parent–child sessions").click()
    staff.get_by_role("link", name="Plan a session").click()
    staff.get_by_label("Title").fill(TITLE)
    staff.get_by_label("Date").fill(next_week.isoformat())
    staff.get_by_label("Start time").fill("09:30")
    staff.get_by_label("End time").fill("10:15")
    staff.get_by_label("Invitation to the parents").fill(INVITATION)
    expect(staff.get_by_label("Invite the parents of the group now")).to_be_checked()
    staff.get_by_role("button", name="Plan the session").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(staff.locator("#family-" + str(family.pk))).to_contain_text("no reply")
    session = ParentChildSession.objects.get(group=group, title=TITLE)

    # The parent, on a phone, opens the invitation from the notifications and says they come.
    phone = new_page(viewport=PHONE)
    log_in(phone, demo, "parent")
    _in_english(phone, live_server)
    phone.goto("/notifications/")
    phone.get_by_role("button", name=re.compile(r"You are invited")).first.click()
    expect(phone).to_have_url(re.compile(rf"/sessions/{session.pk}/$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(phone.get_by_text("Broertjes en zusjes zijn ook welkom.")).to_be_visible()
    phone.get_by_role("button", name="We are coming").click()
    expect(phone.locator("#your-reply")).to_contain_text("You said: we are coming")
    # Nothing sticks out sideways on a phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The session starts (moved into the past here); the professional registers who came.
    now = timezone.now()
    ParentChildSession.objects.filter(pk=session.pk).update(
        starts_at=now - datetime.timedelta(hours=1), ends_at=now - datetime.timedelta(minutes=15)
    )
    row = SessionFamily.objects.get(session=session, family=family)
    staff.reload()
    expect(staff.locator("#family-" + str(family.pk))).to_contain_text("We are coming")
    staff.locator(f'input[name="attendance-came"][value="{row.pk}"]').check()
    staff.get_by_role("button", name="Save who came").click()
    expect(staff.locator(".reply-counts")).to_contain_text("1 family came")
    staff.get_by_role("textbox", name="Reflection").fill(REFLECTION)
    staff.get_by_role("button", name="Save the reflection").click()
    expect(staff.get_by_role("textbox", name="Reflection")).to_have_value(REFLECTION)

    # The family's participation count went up by one.
    staff.get_by_role("link", name="All sessions of the group").click()
    expect(staff.locator("#past-sessions")).to_contain_text(TITLE)
    staff.get_by_role("link", name="How often each family took part").click()
    expect(staff.locator(f"#participation-{family.pk} .attended")).to_have_text(str(attended_before + 1))
