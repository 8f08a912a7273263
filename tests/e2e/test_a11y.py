"""Accessibility in the browser (issue 17): every flow's main pages at 320 and 1280 CSS px
with axe and no sideways scrolling; keyboard-only walks of booking a workshop, grading an
outcome and nominating; every format of a published report downloaded and checked; and the
request-a-format form."""

import io
import json
import re
import zipfile

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from dueregard.eds.models import Assessment
from dueregard.events.models import Series
from dueregard.publishing.renderers.audio import opus_duration_seconds

DEMO = "@demo.dueregard.test"
SKIP = (
    "sign-out", "download", "/demo", "export", ".csv", ".ics", ".xlsx", ".json", "/static/",
    "/media/",
)  # fmt: skip
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def _shape(url):
    """A page's kind: /eds/12/outcomes/ and /eds/13/outcomes/ are the same page to check."""
    return re.sub(r"/(\d+|[0-9a-f-]{8,})(?=/)", "/N", url)


def _main_pages(page, start="/", limit=35):
    """The home page, every page it links to, and the pages those link to (up to limit),
    one of each kind (the first of /members/<id>/, the first of /eds/<id>/...)."""
    seen, queue, tried = [], [start], set()
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if _shape(url) in tried:
            continue
        tried.add(_shape(url))
        try:
            page.goto(url)
        except PlaywrightError as exc:  # a link to a file (certificate, calendar entry)
            if "Download is starting" in str(exc):
                continue
            raise
        seen.append(url)
        for href in page.eval_on_selector_all(
            "main a[href^='/'], header a[href^='/']", "as => as.map(a => a.getAttribute('href'))"
        ):
            href = href.split("#")[0]
            if (
                href
                and not any(s in href for s in SKIP)
                and _shape(href) not in tried
                and href not in queue
            ):
                queue.append(href)
    return seen


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("person", ["priya.shah", "grace.okafor", "jamie.lee"])
def test_main_pages_at_every_width(page, sign_in_as, assert_accessible, width, person):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as(f"{person}{DEMO}")
    pages = _main_pages(page)
    assert len(pages) > 10
    for url in pages:
        page.goto(url)
        assert_accessible(page)
        assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{url} scrolls sideways at {width}px"


@pytest.mark.parametrize("width", [320, 1280])
def test_public_pages_at_every_width(page, assert_accessible, width):
    page.set_viewport_size({"width": width, "height": 900})
    slug = Assessment.objects.get(stage="published").public_slug
    for url in ("/", "/accessibility/", "/language/", f"/eds/published/{slug}/"):
        page.goto(url)
        assert_accessible(page)
        assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{url} scrolls sideways at {width}px"


def test_the_header_menu_collapses_at_320px(page, sign_in_as):
    page.set_viewport_size({"width": 320, "height": 900})
    sign_in_as(f"priya.shah{DEMO}")
    more = page.locator(".nhsuk-header__menu-toggle")
    expect(more).to_be_visible()
    expect(more).to_have_attribute("aria-expanded", "false")
    more.click()
    expect(more).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".nhsuk-header__menu-list")).to_be_visible()


# Keyboard-only walks ---------------------------------------------------------------------

FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return false;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
    && !/rgba\\(0, 0, 0, 0\\)|transparent/.test(s.outlineColor);
  return outline || s.boxShadow !== 'none';
}"""


def enter(page):
    """Press Enter on a link or button that opens another page, and wait for it."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def tab_to(page, locator, presses=150):
    """Press Tab until ``locator`` has focus; every stop on the way shows where focus is."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            assert page.evaluate(FOCUS_VISIBLE), f"focus not visible on {locator}"
            return
        assert page.evaluate(FOCUS_VISIBLE), "focus not visible: " + page.evaluate(
            "document.activeElement.outerHTML.slice(0, 120)"
        )
    raise AssertionError(f"never reached {locator} with the Tab key")


def expect_error_summary_focused(page):
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_be_focused()


def test_keyboard_only_booking_a_workshop(page, sign_in_as, assert_accessible):
    sign_in_as(f"jamie.lee{DEMO}")
    session = Series.objects.get(title__startswith="Inclusive Decision").sessions.order_by("date")
    page.goto(f"/events/sessions/{session.first().pk}/")
    tab_to(page, page.get_by_label("Something else", exact=True))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Book a place"))
    enter(page)
    expect_error_summary_focused(page)
    assert_accessible(page)
    page.keyboard.press("Tab")  # the summary's link to the field
    page.keyboard.press("Enter")
    field = page.get_by_label("If something else, tell us what you need")
    expect(field).to_be_focused()
    page.keyboard.type("Slides in advance")
    tab_to(page, page.get_by_role("button", name="Book a place"))
    enter(page)
    expect(page.locator("h1")).to_contain_text("Your booking")
    assert_accessible(page)


def test_keyboard_only_grading_an_outcome(page, sign_in_as, assert_accessible):
    sign_in_as(f"grace.okafor{DEMO}")
    pk = Assessment.objects.get(stage="grading").pk
    page.goto(f"/eds/{pk}/outcomes/2A/")
    tab_to(page, page.get_by_role("button", name="Save the grade"))
    enter(page)
    expect_error_summary_focused(page)
    assert_accessible(page)
    first_radio = page.locator("input[name='grade']").first
    tab_to(page, first_radio)
    page.keyboard.press("Space")
    expect(first_radio).to_be_checked()
    tab_to(page, page.get_by_label("Reasons for this grade"))
    page.keyboard.type("Only some groups were covered.")
    tab_to(page, page.get_by_label("Organisation you represent"))
    page.keyboard.type("Riverside Healthwatch")
    tab_to(page, page.get_by_role("button", name="Save the grade"))
    enter(page)
    expect(page.locator("main")).to_contain_text("saved")
    assert_accessible(page)


def test_keyboard_only_nominating(page, sign_in_as, assert_accessible):
    sign_in_as(f"jamie.lee{DEMO}")
    page.goto("/awards/")
    tab_to(page, page.get_by_role("link", name=re.compile("Inclusive Leader Awards")).first)
    enter(page)
    tab_to(page, page.get_by_role("button", name="Nominate someone for Inclusive Leader"))
    enter(page)
    tab_to(page, page.get_by_role("button", name="Send the nomination"))
    enter(page)
    expect_error_summary_focused(page)
    assert_accessible(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Nominee's name, or the team's name")).to_be_focused()
    page.keyboard.type("Rosa Martinez")
    # The word count (NHS.UK character count) is live for each answer.
    answer = page.locator("textarea[name^='answer_']").first
    tab_to(page, answer)
    page.keyboard.type("She listened to the staff network and changed the rota. ")
    expect(page.locator(".nhsuk-character-count__status").first).to_contain_text("words")


# Every format of a published report ------------------------------------------------------


def _download(page, link):
    # Speech for a whole report takes a while the first time (then it is kept).
    with page.expect_download(timeout=240_000) as info:
        link.click()
    return open(info.value.path(), "rb").read()


def test_every_format_of_a_published_report(page, assert_accessible):
    import pypdf
    from docx import Document as Word

    slug = Assessment.objects.get(stage="published").public_slug
    page.goto(f"/eds/published/{slug}/")
    assert_accessible(page)
    links = page.locator("main ul").first.locator("a")
    labels = links.all_inner_texts()
    assert len(labels) == 8, labels
    got = {}
    for i, label in enumerate(labels):
        got[label.split(" (")[0]] = _download(page, links.nth(i))

    for name in ("PDF", "Large print PDF"):
        reader = pypdf.PdfReader(io.BytesIO(got[name]))
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "en-GB" and root["/MarkInfo"]["/Marked"]
        assert "/StructTreeRoot" in root
    sizes = []
    pypdf.PdfReader(io.BytesIO(got["Large print PDF"])).pages[0].extract_text(
        visitor_text=lambda text, cm, tm, font, size: (
            sizes.append(size * tm[0]) if text.strip() else None
        )
    )
    assert sorted(sizes)[len(sizes) // 2] >= 18
    html = got["Large print"].decode()
    assert "font-size: 18pt" in html and '<html lang="en-GB"' in html
    brf = got["Braille"].decode("ascii")
    assert re.fullmatch(r"[\x20-\x5f\r\n\f]+", brf) and "\r\n" in brf
    archive = zipfile.ZipFile(io.BytesIO(got["Audio"]))
    tracks = [n for n in archive.namelist() if n.endswith(".opus")]
    assert len(tracks) >= 3 and all(opus_duration_seconds(archive.read(n)) > 0 for n in tracks)
    word = Word(io.BytesIO(got["Word"]))
    assert 'w:val="en-GB"' in word.styles.element.xml
    assert json.loads(got["Data"])["language"] == "en-GB"
    assert got["Spreadsheet"].decode("utf-8-sig").count("\n") > 3


def test_asking_for_another_format(page, assert_accessible):
    slug = Assessment.objects.get(stage="published").public_slug
    page.goto(f"/eds/published/{slug}/")
    page.get_by_role("link", name="Ask for this page in another format or language").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send request").click()
    expect_error_summary_focused(page)
    assert_accessible(page)
    page.get_by_label("Another language", exact=True).check()
    page.get_by_label("Language (if you need another language)").fill("Somali")
    page.get_by_label("Your name").fill("Sahra Ali")
    page.get_by_label("Your e-mail address").fill("sahra@example.com")
    page.get_by_role("button", name="Send request").click()
    expect(page.locator("h1")).to_have_text("Request sent")
    assert_accessible(page)
