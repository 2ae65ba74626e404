"""The parent downloads the portfolio as a PDF from the timeline; its text (read with pypdf)
holds the child's name and both perspectives.

The pages run in English, so that the test does not depend on the Dutch catalogue.
"""

import io

import pytest
from django.conf import settings
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import User
from families.management.commands.demo_data import DEMO_LOGINS
from families.models import Child
from portfolios.models import Perspective
from tests.e2e.conftest import log_in
from tests.portfolios.factories import EntryFactory

pytestmark = pytest.mark.e2e

OBSERVATION = "Samira legde vandaag een puzzel van twintig stukjes helemaal zelf."
AT_HOME = "Thuis vertelt Samira elke avond wat ze op de groep gedaan heeft."


def test_the_parent_downloads_the_portfolio_as_a_pdf_with_both_perspectives(page, demo, live_server):
    parent = User.objects.get(email=DEMO_LOGINS["parent"])
    professional = User.objects.get(email=DEMO_LOGINS["professional"])
    child = Child.objects.visible_to(professional).filter(family__guardians__user=parent).first()
    EntryFactory(child=child, author=professional, text=OBSERVATION)
    EntryFactory(child=child, author=parent, perspective=Perspective.PARENT, domain=None, text=AT_HOME)

    log_in(page, demo, "parent")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.goto(f"/children/{child.pk}/portfolio/")
    expect(page.locator("article.portfolio-entry").filter(has_text=AT_HOME)).to_be_visible()
    expect(page.get_by_role("link", name="PDF for the primary school")).to_have_count(0)
    with page.expect_download() as arrival:
        page.get_by_role("link", name="Download as PDF").click()
    download = arrival.value

    assert download.suggested_filename == f"portfolio-{child.pk}.pdf"
    reader = PdfReader(io.BytesIO(download.path().read_bytes()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert f"{child.first_name} {child.last_name}" in text
    assert OBSERVATION in text and AT_HOME in text
    assert "At the group" in text and "At home" in text
