"""A mentor holds the intake and visits the family at home, on a phone; the parent reads
the summary that was shared, never the notes.

The staff part runs in English, so that it does not depend on the Dutch catalogue; what is
typed is Dutch, as our users would write it.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from families.management.commands.demo_data import DEMO_LOGINS
from families.models import Child, HomeVisit, Intake
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
SUMMARY = "Wat fijn dat we bij jullie thuis mochten komen. Amira liet trots haar kamer zien."
NOTES = "Vader werkt in ploegendienst; alleen voor het team."


def _in_english(page, live_server) -> None:
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_mentor_completes_the_intake_and_records_a_home_visit_the_parent_reads_the_summary(
    new_page, demo, live_server
):
    parent = User.objects.get(email=DEMO_LOGINS["parent"])
    professional = User.objects.get(email=DEMO_LOGINS["professional"])
    child = Child.objects.visible_to(professional).get(family__guardians__user=parent)
    group = child.placements.get().group
    Intake.objects.filter(child=child).delete()  # this family's intake is still to be held

    page = new_page(viewport=PHONE)
    log_in(page, demo, "professional")
    _in_english(page, live_server)
    page.goto(f"/groups/{group.pk}/")
    page.get_by_role("main").get_by_role("link", name=child.full_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(child.full_name)

    # The intake: a draft first, then completed.
    page.get_by_role("link", name="Start the intake").click()
    page.get_by_label("Who belongs to the family").fill(
        "Amira woont met haar ouders en grote broer; oma woont om de hoek."
    )
    page.get_by_label("Who speaks which language").fill("Moeder spreekt Tarifit, vader Nederlands.")
    page.get_by_role("button", name="Complete the intake").click()
    expect(page.get_by_text("Fill in how often parents and mentor will talk.").first).to_be_visible()
    expect(page.get_by_label("Who speaks which language")).to_have_value("Moeder spreekt Tarifit, vader Nederlands.")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_role("alert").filter(has_text="saved as a draft")).to_be_visible()

    page.get_by_label("Held on").fill((timezone.localdate() - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("group", name="Parents present").get_by_role("checkbox").first.check()
    page.get_by_label("Sleeping").fill("Slaapt 's middags anderhalf uur met haar knuffel.")
    page.get_by_label("What does the child like").fill("Dieren, blokken en zingen.")
    page.get_by_label("What do the parents find important").fill("Respect en zelfstandigheid.")
    page.get_by_label("Every … weeks").fill("6")
    page.get_by_label("Weekday").select_option(label="Tuesday")
    page.get_by_label("Time", exact=True).fill("17:15")
    page.get_by_label("How", exact=True).select_option(label="At drop-off or pick-up")
    page.get_by_role("button", name="Complete the intake").click()

    expect(page).to_have_url(re.compile(rf"/children/{child.pk}/#intake$"))
    intake_section = page.locator("#intake")
    expect(intake_section).to_contain_text("Completed")
    expect(intake_section).to_contain_text(professional.get_full_name())
    expect(intake_section).to_contain_text("Every 6 weeks")

    # A home visit: planned, then recorded with a summary shared with the parents.
    page.get_by_role("link", name="Plan a home visit").click()
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    page.get_by_label("Date and time").fill(_local(tomorrow.replace(hour=10, minute=0)))
    expect(page.get_by_label("Professional")).to_have_value(str(professional.pk))
    page.get_by_role("button", name="Plan the visit").click()
    expect(page.get_by_role("alert").filter(has_text="The home visit is planned.")).to_be_visible()

    page.get_by_role("link", name="Record the visit").click()
    page.get_by_label("When did the visit take place?").fill(
        _local(timezone.now().replace(hour=9, minute=30) - datetime.timedelta(days=1))
    )
    page.get_by_label("What was seen of the parent–child interaction").fill("Moeder las voor, Amira wees aan.")
    page.get_by_label("The home language environment").fill("Thuis Tarifit, op tv Nederlands.")
    page.get_by_label("Agreed follow-up").fill("Prentenboek meegeven.")
    page.get_by_label("Other notes (staff only)").fill(NOTES)
    page.get_by_label("Summary for the parents").fill(SUMMARY)
    page.get_by_label("Share this summary with the parents").check()
    page.get_by_role("button", name="Save the record").click()

    expect(page.get_by_role("alert").filter(has_text="The home visit is recorded.")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("shared with the parents")
    visit = child.home_visits.get(summary_for_parents=SUMMARY)
    assert (visit.status, visit.summary_shared, visit.notes) == (HomeVisit.Status.DONE, True, NOTES)

    # The parent reads the shared summary of the visit on the child's page, not the notes.
    parent_page = new_page(viewport=PHONE)
    log_in(parent_page, demo, "parent")
    parent_page.goto(f"/children/{child.pk}/")  # past whatever the portal asks first after logging in
    expect(parent_page.get_by_role("heading", level=1)).to_have_text(child.full_name)
    main = parent_page.get_by_role("main")
    expect(main).to_contain_text(SUMMARY)
    expect(main).not_to_contain_text(NOTES)
    expect(main).not_to_contain_text("Moeder las voor")
    expect(main).not_to_contain_text("Respect en zelfstandigheid")
    expect(main.locator("a[href*='/home-visits/']")).to_have_count(0)
    expect(main.locator("a[href*='/intake/']")).to_have_count(0)
