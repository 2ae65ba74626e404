"""The activity library and a theme's words: a professional writes an activity in Dutch, adds
an Arabic translation beside the Dutch text and reads it right to left, then finds it by
filtering the library on its language goal; a parent whose language is Arabic, on a phone,
sees the words of the group's current theme in Dutch beside Arabic on their home page.

The pages run in English, so that the test does not depend on the Dutch catalogue; what is
typed is Dutch and Arabic, as staff would write it.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from activities.models import GroupTheme, Theme, ThemeWord, WordTranslation
from families.management.commands.demo_data import DEMO_LOGINS
from families.models import Guardian, Placement
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
TITLE = "Wat zit er in de zak?"
ARABIC_TITLE = "ماذا يوجد في الكيس؟"
DUTCH = {
    "Title": TITLE,
    "Materials": "Een stoffen zak\nDrie dingen uit de keuken",
    "Steps": "Doe een ding in de zak.\nLaat je kind voelen.\nVraag: wat is het?\nHaal het eruit en zeg het woord.",
    "How to show it": "Voel zelf eerst. Zeg: 'Hmm, het is rond. Is het een appel?'",
    "The parent's role": "Als je vragen stelt en wacht, gaat je kind praten.",
}
ARABIC = {
    "Title": ARABIC_TITLE,
    "Materials": "كيس من القماش\nثلاثة أشياء من المطبخ",
    "Steps": "ضع شيئًا في الكيس.\nدع طفلك يلمسه.\nاسأل: ما هذا؟",
    "How to show it": "المس أولًا وقل: إنه مستدير. هل هو تفاحة؟",
    "The parent's role": "عندما تسأل وتنتظر، يبدأ طفلك بالكلام.",
}
WORDS = [("de appel", "تفاحة"), ("het blad", "ورقة"), ("de paddenstoel", "فطر")]


def _in_english(page, live_server) -> None:
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])


def test_a_professional_writes_and_translates_an_activity_and_finds_it_by_its_goal(new_page, demo, live_server):
    staff = new_page()
    log_in(staff, demo, "professional")
    _in_english(staff, live_server)
    staff.goto("/")
    staff.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Activity library").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Activity library")

    # The activity in easy Dutch, for the goal "asking questions".
    staff.get_by_role("link", name="New activity").click()
    for label, text in DUTCH.items():
        staff.get_by_label(label, exact=True).fill(text)
    staff.get_by_label("Asking questions").check()
    staff.get_by_role("button", name="Save").click()
    expect(staff.locator("article.activity-text h1")).to_have_text(TITLE)
    expect(staff.locator("ol.activity-steps li")).to_have_count(4)

    # The Arabic translation, typed beside the Dutch text, right to left.
    # Arabic is a language of the demo families, so the table offers it; else the picker does.
    arabic_row = staff.locator("tr[data-language='ar']")
    if arabic_row.count():
        expect(arabic_row).to_have_attribute("data-state", "missing")
        arabic_row.get_by_role("link", name="Add Arabic").click()
    else:
        staff.get_by_label("Translate into another language").select_option(label="Arabic")
        staff.get_by_role("button", name="Translate", exact=True).click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Translation into Arabic")
    expect(staff.locator("#dutch-steps")).to_contain_text("Laat je kind voelen.")
    title = staff.get_by_label("Title · Arabic")
    expect(title).to_have_attribute("dir", "rtl")
    expect(title).to_have_attribute("lang", "ar")
    # Saving nothing is refused with a message, and saves nothing.
    staff.get_by_role("button", name="Save the translation").click()
    expect(staff.locator("#form-errors")).to_contain_text("An empty translation cannot be saved")
    for label, text in ARABIC.items():
        staff.get_by_label(f"{label} · Arabic").fill(text)
    staff.get_by_role("button", name="Save the translation").click()

    article = staff.locator("article.activity-text")
    expect(article).to_have_attribute("dir", "rtl")
    expect(article).to_have_attribute("lang", "ar")
    expect(article.locator("h1")).to_have_text(ARABIC_TITLE)
    expect(staff.locator("tr[data-language='ar']")).to_have_attribute("data-state", "complete")
    staff.get_by_role("link", name="Dutch", exact=True).click()
    expect(staff.locator("article.activity-text")).to_have_attribute("dir", "ltr")
    staff.get_by_role("button", name="Publish").click()
    expect(staff.locator(".alert-success, .alert")).to_contain_text("published")

    # The library filtered by the goal finds it, with its Arabic badge; another goal does not.
    staff.goto("/library/")
    staff.get_by_label("Language goal").select_option(label="Asking questions")
    staff.get_by_role("button", name="Filter").click()
    found = staff.locator("article.library-activity").filter(has_text=TITLE)
    expect(found).to_have_count(1)
    expect(found.locator("[data-language='ar']")).to_have_attribute("data-state", "complete")
    staff.get_by_label("Language goal").select_option(label="Songs and rhymes")
    staff.get_by_role("button", name="Filter").click()
    expect(staff.locator("article.library-activity").filter(has_text=TITLE)).to_have_count(0)


def test_a_parent_sees_the_current_themes_words_in_arabic_on_the_phone(new_page, demo, live_server):
    parent = User.objects.get(email=DEMO_LOGINS["parent"])
    Guardian.objects.filter(user=parent).update(preferred_language="ar")
    today = timezone.localdate()
    group = (
        Placement.objects.current()
        .filter(child__family__guardians__user=parent, start_date__lte=today)
        .select_related("group")
        .first()
        .group
    )
    # The group works in this theme now (any theme the demo data planned for now gives way).
    GroupTheme.objects.filter(group=group, starts_on__lte=today + datetime.timedelta(days=14)).filter(
        ends_on__gte=today - datetime.timedelta(days=7)
    ).delete()
    theme = Theme.objects.create(name="De herfst in het bos")
    for position, (dutch, arabic) in enumerate(WORDS):
        word = ThemeWord.objects.create(theme=theme, word=dutch, position=position)
        WordTranslation.objects.create(word=word, language="ar", text=arabic)
    GroupTheme.objects.create(
        group=group,
        theme=theme,
        starts_on=today - datetime.timedelta(days=7),
        ends_on=today + datetime.timedelta(days=14),
    )

    phone = new_page(viewport=PHONE)
    log_in(phone, demo, "parent")
    _in_english(phone, live_server)
    phone.goto("/parent/")
    card = phone.locator("section.theme-card").filter(has_text="De herfst in het bos")
    expect(card.get_by_role("heading")).to_have_text(
        re.compile(r"This is what we talk about at the group: De herfst in het bos")
    )
    apple = card.locator("li.theme-word").filter(has_text="de appel")
    expect(apple.locator("[lang='nl']")).to_have_text("de appel")
    arabic = apple.locator(".word-translation")
    expect(arabic).to_have_text("تفاحة")
    expect(arabic).to_have_attribute("dir", "rtl")
    expect(arabic).to_have_attribute("lang", "ar")
    # Nothing sticks out sideways on a phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    card.get_by_role("link", name="All words").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("De herfst in het bos")
    expect(phone.locator("li.theme-word")).to_have_count(len(WORDS))
    expect(phone.locator(".word-translation").filter(has_text="فطر")).to_have_attribute("dir", "rtl")
