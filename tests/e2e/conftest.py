"""Real-browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

Playwright's own browser download cannot work here, so the tests use /usr/bin/chromium; outside
CI they skip when it is missing, under CI they fail.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
# Belgian Dutch for date and time inputs, as the portal's users see them.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--lang=nl-BE",
]
DEFAULT_TIMEOUT_MS = 10_000
E2E_FOLDER = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    # This hook sees every collected item, not only those in this folder.
    for item in items:
        if E2E_FOLDER in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium.")
        pytest.skip("Debian's chromium is not installed: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, transactional_db):
    """Open a page in a fresh browser context (own cookies: signed out); closed after the test.

    transactional_db: the live server answers from another thread, so test data must be committed.
    """
    contexts = []

    def open_page():
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()
