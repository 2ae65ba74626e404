"""The demo manager reviews the cooperation with parents: the location page, another period,
a group's drill-down with its chart, and the CSV for a spreadsheet.

The pages run in English, so that the test does not depend on the Dutch catalogue.
"""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def _chart_loaded(page) -> bool:
    """Waits for the chart (an image drawn on the server) and tells whether it could be drawn."""
    chart = page.locator("img.trend-chart")
    chart.scroll_into_view_if_needed()
    # Polled by Playwright, not by an eval in the page (which the CSP refuses). 26 weeks of
    # figures take the server a while on a loaded machine: this checks the chart, not its speed.
    expect(chart).to_have_js_property("complete", True, timeout=15_000)
    return chart.evaluate("image => image.naturalWidth > 0")


def test_the_manager_reviews_a_location_and_a_group(page, demo, live_server):
    log_in(page, demo, "manager")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])

    page.goto("/manager/")
    page.get_by_role("link", name="Cooperation with parents").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cooperation with parents in")
    table = page.locator("table.location-dashboard")
    expect(table.locator("tfoot")).to_contain_text("Total")

    # Another period: the last quarter.
    page.get_by_role("combobox", name="Period").select_option("13w")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.locator(".period-form")).to_contain_text("Showing")
    assert "period=13w" in page.url
    expect(page.get_by_role("combobox", name="Period")).to_have_value("13w")

    # The location's chart, then another figure in it.
    assert _chart_loaded(page)
    page.get_by_label("Figure", exact=True).select_option("overdue")
    page.get_by_role("button", name="Show chart").click()
    assert "indicator=overdue" in page.url and "period=13w" in page.url
    assert _chart_loaded(page)

    # Into the first group: its children, its chart.
    table.locator("tbody th a").first.click()
    expect(page.locator("table.group-cooperation")).to_be_visible()
    assert _chart_loaded(page)
    assert "/trends/overdue.svg" in page.locator("img.trend-chart").get_attribute("src")

    # The group's table for a spreadsheet: UTF-8 with a byte order mark, semicolons.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    content = Path(download.path()).read_bytes()
    assert content.startswith("\ufeff".encode())
    header = content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Child;Mentor;")
