"""A parent reads what is kept about their family and downloads all of it as one ZIP.

The page runs in English, so that the test does not depend on the Dutch catalogue.
"""

import json
import zipfile

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from families.management.commands.demo_data import DEMO_LOGINS
from families.models import Child
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def test_a_parent_downloads_everything_about_their_family(new_page, demo, live_server, tmp_path):
    parent = User.objects.get(email=DEMO_LOGINS["parent"])
    children = list(Child.objects.filter(family__guardians__user=parent).values_list("first_name", flat=True))
    assert children, "the demo parent has children"

    page = new_page(viewport=PHONE)
    log_in(page, demo, "parent")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.goto(reverse("privacy:mine"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data")
    expect(page.get_by_role("heading", name="Who can see what")).to_be_visible()
    expect(page.get_by_role("heading", name="How long we keep it")).to_be_visible()
    # Readable on a phone: nothing sticks out sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download all data (ZIP)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("samenspel-") and download.suggested_filename.endswith(".zip")
    target = tmp_path / download.suggested_filename
    download.save_as(target)

    with zipfile.ZipFile(target) as archive:
        assert {"data.json", "index.html"} <= set(archive.namelist())
        data = json.loads(archive.read("data.json"))
        page_text = archive.read("index.html").decode()
    exported = [child["first_name"] for family in data["families"] for child in family["children"]]
    assert sorted(exported) == sorted(children)
    assert all(name in page_text for name in children)
