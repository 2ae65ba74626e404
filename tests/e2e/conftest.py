"""The browser harness: Playwright for Python driving Debian's Chromium against a live server.

Chromium comes from Debian (`apt-get install chromium`), not from `playwright install`,
which cannot download here. Without /usr/bin/chromium the browser tests are skipped with a
reason on a developer's machine; in CI (CI is set) they fail instead. A failing test leaves
a screenshot and the page's HTML in test-artifacts/.
"""

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import Page, expect

from families.management.commands.demo_data import DEMO_LOGINS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
_PHASE_REPORTS = pytest.StashKey[dict]()


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(_PHASE_REPORTS, {})[report.when] = report
    if report.skipped and _in_ci() and item.get_closest_marker("e2e"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"CI must run the browser tests, but this one was skipped: {reason}"
    return report


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the browser tests, closed after them.

    Playwright's sync API keeps an event loop running in this thread while it is started.
    Django's ORM, which the tests use for demo data and to empty the database after each
    test, refuses to run beside one unless told that it is safe, which it is here: no
    coroutine touches the database. That permission lasts only as long as the browser, so
    that it reaches no other test nor the processes they start (`check --deploy` flags it).
    """
    if not CHROMIUM.exists():
        reason = f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
        if _in_ci():
            pytest.fail(f"CI must run the browser tests: {reason}; .ci/run installs it")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def new_page(browser, live_server, request) -> Iterator[Callable]:
    """Opens a page in a fresh browser context (no cookies), Dutch like most of our users.

    Keyword arguments go to `browser.new_context`, e.g. a phone's `viewport`.
    """
    contexts = []

    def open_page(**options):
        options = {"locale": "nl-NL", "viewport": {"width": 1280, "height": 900}, **options}
        context = browser.new_context(base_url=live_server.url, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page

    call = request.node.stash.get(_PHASE_REPORTS, {}).get("call")
    failed = call is None or call.failed
    for number, context in enumerate(contexts):
        if failed:
            _save_artifacts(context, f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', request.node.name)}-{number}")
        context.close()


def _save_artifacts(context, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for index, page in enumerate(context.pages):
        try:
            page.screenshot(path=ARTIFACTS / f"{name}-{index}.png", full_page=True)
            (ARTIFACTS / f"{name}-{index}.html").write_text(page.content())
        except Exception as error:  # the page may be gone; the test's own failure matters more
            print(f"could not save artifacts for {name}: {error}")


@pytest.fixture
def page(new_page):
    return new_page()


@dataclass(frozen=True)
class Demo:
    """The demo organisation of `manage.py demo_data`, loaded into the live server's database."""

    logins: dict[str, str]
    password: str


@pytest.fixture
def demo(live_server, transactional_db) -> Demo:
    call_command("demo_data", quiet=True)
    return Demo(logins=dict(DEMO_LOGINS), password=settings.DEMO_PASSWORD)


LOGIN_PATH = "/accounts/login/"


def log_in(page: Page, demo: Demo, role: str, *, consents_later: bool = True) -> None:
    """Log in through the real login page, in Dutch (the default language).

    A parent is asked the consent questions first; unless `consents_later=False`, the
    test answers them later and goes on from the parent's home.
    """
    page.goto(LOGIN_PATH)
    page.get_by_label("E-mailadres").fill(demo.logins[role])
    page.get_by_label("Wachtwoord").fill(demo.password)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page).not_to_have_url(re.compile(re.escape(LOGIN_PATH)))
    if consents_later and role == "parent" and "/parent/consents/" in page.url:
        # The consent questions come first at a parent's first login; these tests answer later.
        page.get_by_role("link", name="Later").click()
