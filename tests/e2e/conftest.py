"""Real-browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

Playwright's own browser download cannot work here, so the tests use /usr/bin/chromium; outside
CI they skip when it is missing, under CI they fail.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.e2e.accessibility import AccessibilityChecker, check_before_each_call
from tests.e2e.signing_in import forget_used_codes

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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A journey fails when the browser refused something under the Content-Security-Policy, or
    when axe-core found a serious or critical violation on a page state it visited."""
    result = yield
    failures = []
    checker = item.funcargs.get("accessibility")
    if checker is not None:
        checker.finish()  # first: a refusal caused by running axe must count too
        failures.append(checker.report())
    refused = item.funcargs.get("csp_violations")
    if refused:
        failures.append("Content-Security-Policy violations:\n" + "\n".join(refused))
    if any(failures):
        pytest.fail("\n\n".join(failure for failure in failures if failure))
    return result


@pytest.fixture(autouse=True)
def csp_violations(browser, monkeypatch):
    """What the pages of this journey's browser contexts reported as refused by the policy.

    Chromium reports each refusal as a console error; every context the journey opens (through
    new_page or straight from the browser) is listened to.
    """
    refused = []
    new_context = browser.new_context

    def listened_context(*args, **kwargs):
        context = new_context(*args, **kwargs)

        def on_console(message):
            if "Content Security Policy" in message.text:
                refused.append(f"{message.location.get('url')}: {message.text}")

        context.on("console", on_console)
        return context

    monkeypatch.setattr(browser, "new_context", listened_context)
    return refused


@pytest.fixture(autouse=True)
def accessibility(browser, monkeypatch):
    """axe-core's checker over every page of this journey's browser contexts (see
    accessibility.py): each new state is checked before the test's next call to Playwright, the
    last one when the test ends."""
    checker = AccessibilityChecker(browser)
    check_before_each_call(checker, monkeypatch)
    new_context = browser.new_context

    def checked_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        checker.watch(context)
        return context

    monkeypatch.setattr(browser, "new_context", checked_context)
    return checker


@pytest.fixture(autouse=True)
def _fresh_authenticator_codes():
    """Each test starts with an empty cache, so the portal has seen none of its codes yet."""
    forget_used_codes()


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
