"""Removal requests from the parent's phone to the admin's desk, and a manager reading a child's audit trail.

The pages run in English, so that the tests do not depend on the Dutch catalogue.
"""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from families.models import Child
from privacy.models import RemovalRequest
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def _in_english(page, live_server) -> None:
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])


def test_a_parent_asks_for_removal_and_the_admin_declines_while_the_child_is_still_placed(new_page, demo, live_server):
    parent_page = new_page(viewport=PHONE)
    log_in(parent_page, demo, "parent")
    _in_english(parent_page, live_server)
    parent_page.goto(reverse("privacy:mine"))
    parent_page.get_by_role("link", name="Ask for removal").click()
    expect(parent_page.get_by_role("heading", level=1)).to_have_text("Remove your family's data")
    parent_page.get_by_label("Anything you would like to tell us (optional)").fill("We are moving abroad.")
    parent_page.get_by_role("button", name="Ask to remove our data").click()
    expect(parent_page.get_by_text("The organisation has not handled the request yet.")).to_be_visible()
    assert parent_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    admin_page = new_page()
    log_in(admin_page, demo, "admin")
    _in_english(admin_page, live_server)
    admin_page.goto(reverse("privacy:removal_requests"))
    admin_page.get_by_role("main").locator("a[href^='/privacy/removal-requests/']").first.click()
    expect(admin_page.get_by_text("We are moving abroad.")).to_be_visible()
    # The children are still placed: carrying out is refused with a message on the page.
    admin_page.get_by_role("checkbox").check()
    admin_page.get_by_role("button", name="Carry out the removal").click()
    expect(admin_page.locator(".alert-danger, .invalid-feedback").first).to_be_visible()
    assert RemovalRequest.objects.get().status == RemovalRequest.Status.OPEN
    assert not Child.objects.filter(anonymised_at__isnull=False).exists()

    admin_page.get_by_label("Why is the request declined?").fill("The children are still placed; we talk first.")
    admin_page.get_by_role("button", name="Decline the request").click()
    expect(admin_page.get_by_text("Declined").first).to_be_visible()

    parent_page.reload()
    expect(parent_page.get_by_text("The children are still placed; we talk first.")).to_be_visible()


def test_a_manager_opens_the_audit_trail_of_a_child_from_the_child_page(new_page, demo, live_server):
    child = Child.objects.filter(family__guardians__user__email=demo.logins["parent"]).first()
    page = new_page()
    log_in(page, demo, "manager")
    _in_english(page, live_server)
    page.goto(reverse("families:child_detail", args=[child.pk]))
    page.get_by_role("link", name="Audit trail").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(child.first_name)
    # The demo data made the child's records: their creation is in the trail.
    trail = page.get_by_role("list", name="Audit trail, newest first")
    expect(trail.locator("li").first).to_be_visible()
    expect(trail).to_contain_text("Created")
