"""A parent books a conversation with the mentor on a phone, adds it to the calendar, then
moves it; the mentor sees who booked.

The pages run in English, so that the test does not depend on the Dutch catalogue.
"""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from accounts.models import User
from contacts.models import Booking, ConversationSlot
from contacts.services.moments import mentors_of
from families.management.commands.demo_data import DEMO_LOGINS
from families.models import Child
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _in_english(page, live_server) -> None:
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])


def _day(moment: datetime.datetime) -> str:
    with translation.override("en"):
        return date_format(moment, "l j F")


def _evening(mentor: User, days: int) -> list[ConversationSlot]:
    day = timezone.localdate() + datetime.timedelta(days=days)
    first = datetime.datetime.combine(day, datetime.time(19), tzinfo=AMSTERDAM)
    return [
        ConversationSlot.objects.create(
            mentor=mentor,
            starts_at=first + datetime.timedelta(minutes=15 * number),
            ends_at=first + datetime.timedelta(minutes=15 * (number + 1)),
            place="Groepsruimte Vlinders",
        )
        for number in range(4)
    ]


def test_a_parent_books_a_conversation_downloads_it_for_the_calendar_and_moves_it(new_page, demo, live_server):
    parent = User.objects.get(email=DEMO_LOGINS["parent"])
    professional = User.objects.get(email=DEMO_LOGINS["professional"])
    child = Child.objects.visible_to(professional).get(family__guardians__user=parent)
    (mentor,) = mentors_of(child)
    assert mentor == professional
    # Start from a clean diary, whatever the demo data offers.
    Booking.objects.filter(child=child).delete()
    ConversationSlot.objects.filter(mentor=mentor).delete()
    slots = _evening(mentor, days=6)
    chosen = slots[1]

    page = new_page(viewport=PHONE)
    log_in(page, demo, "parent")
    _in_english(page, live_server)
    page.goto(reverse("contacts:slot_book", args=[child.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"A conversation about {child.first_name}")

    note = page.get_by_label("What would you like to talk about?")
    note.fill("Hoe het praten thuis gaat")
    note.press("Enter")  # books nothing: the parent still has to choose a time
    starts = chosen.starts_at.astimezone(AMSTERDAM)
    page.get_by_role("button", name=f"Book {_day(starts)} at {starts:%H:%M} with {mentor.first_name}").click()

    expect(page.get_by_role("alert").filter(has_text="The conversation is booked")).to_be_visible()
    booking = Booking.objects.get(child=child, cancelled_at__isnull=True)
    assert (booking.slot, booking.note) == (chosen, "Hoe het praten thuis gaat")
    booked = page.locator(".card-child").filter(has_text="Booked conversation")
    expect(booked).to_contain_text(f"{starts:%H:%M}–{chosen.ends_at.astimezone(AMSTERDAM):%H:%M}")
    expect(booked).to_contain_text("Groepsruimte Vlinders")

    with page.expect_download() as download_info:
        booked.get_by_role("link", name="Add to calendar").click()
    download = download_info.value
    assert child.first_name not in download.suggested_filename
    assert download.suggested_filename.endswith(".ics")
    calendar = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())
    (event,) = calendar.events
    assert event.start == starts
    assert event.start.tzinfo.key == "Europe/Amsterdam"
    assert (event.start.hour, event.start.minute) == (starts.hour, starts.minute)
    assert str(event["SUMMARY"]) == f"Conversation about {child.first_name} with {mentor.first_name}"
    assert str(event["UID"]) == str(booking.pk)

    # Something came up: move it to the last time of the evening.
    booked.get_by_role("link", name="Move").click()
    last = slots[-1].starts_at.astimezone(AMSTERDAM)
    page.get_by_role("button", name=f"Move to {_day(last)} at {last:%H:%M} with {mentor.first_name}").click()
    expect(page.get_by_role("alert").filter(has_text="The conversation is moved")).to_be_visible()
    expect(page.locator(".card-child")).to_contain_text(f"{last:%H:%M}")
    assert Booking.objects.get(child=child, cancelled_at__isnull=True).slot == slots[-1]

    # The mentor sees who booked which time, with the parent's note.
    mentor_page = new_page(viewport=PHONE)
    log_in(mentor_page, demo, "professional")
    _in_english(mentor_page, live_server)
    mentor_page.goto(reverse("contacts:slot_list"))
    expect(mentor_page.get_by_role("heading", level=1)).to_have_text("Conversation times")
    row = mentor_page.locator("li").filter(has_text=f"{last:%H:%M}–")
    expect(row).to_contain_text(child.first_name)
    expect(row).to_contain_text("Hoe het praten thuis gaat")
    expect(mentor_page.locator("li").filter(has_text=f"{starts:%H:%M}–")).to_contain_text("free")
