"""Browser tests: Playwright driving Debian's chromium against the live server, with axe.

Playwright never downloads a browser here: it launches /usr/bin/chromium (apt package
``chromium``, installed by .ci/run). Without it the tests skip locally, and fail in CI.
"""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    # Assertions wait up to 15 s (Playwright's default is 5 s): on a busy 2-core CI machine a
    # page that renders a PDF or reads a report can take longer than that, and still be right.
    expect.set_options(timeout=15_000)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo_world(transactional_db):
    call_command("load_frameworks", verbosity=0)
    call_command("load_demo", verbosity=0)


@pytest.fixture
def page(browser, live_server, demo_world):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe (WCAG 2.2 AA) on the page; fail with a readable report of each violation."""

    def check(page):
        # Let the page settle first: its stylesheets loaded, and the header script's layout
        # after a change of width painted (two animation frames).
        page.wait_for_load_state("load")
        page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        violations = results.response["violations"]
        report = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} – "
            + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
            for v in violations
        )
        assert not violations, f"axe found problems on {page.url}:\n{report}"
        # House conventions: one h1, and the page title names it.
        h1s = page.locator("h1")
        assert h1s.count() == 1, f"{page.url} has {h1s.count()} h1 elements"
        assert page.title().endswith("– dueregard"), page.title()

    return check


@pytest.fixture
def sign_in_as(page):
    def sign_in(email):
        page.goto("/demo/")
        page.locator(f"form:has(input[value='{email}']) button").click()
        page.locator("h1", has_text="Home").wait_for()

    return sign_in
