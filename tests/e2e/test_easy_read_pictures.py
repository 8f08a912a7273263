"""The EDI lead uploads the organisation's own pictures for an Easy Read version (issue 17):
refused files and a missing description are reported in the error summary, which takes
focus; the pictures then show in the public page and the PDF instead of the pictograms.
Every page at 320 and 1280 CSS px with axe and no sideways scrolling."""

import io

import pypdf
from PIL import Image
from playwright.sync_api import expect

from dueregard.eds.models import Assessment

from .test_formats import _check_both_widths, _download

DEMO = "@demo.dueregard.test"


def _upload(page, section):
    return page.locator(f"input[name='{section}_upload']")  # under the NHS.UK button


def _fill_text(page):
    page.get_by_label("What we looked at", exact=True).fill("We looked at 3 services.")
    page.get_by_label("How we did", exact=True).fill("Some things are good.")
    page.get_by_label("What we will do next", exact=True).fill("We will listen to you more.")


def test_own_pictures_in_the_easy_read_version(page, sign_in_as, assert_accessible, tmp_path):
    png = tmp_path / "staff.png"
    Image.new("RGB", (64, 48), (0, 94, 184)).save(png)
    bad_svg = tmp_path / "bad.svg"
    bad_svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    slug = Assessment.objects.get(stage="published").public_slug
    sign_in_as(f"priya.shah{DEMO}")
    page.goto(f"/formats/eds/{slug}/easy-read/edit/")
    _check_both_widths(page, assert_accessible)
    _fill_text(page)
    _upload(page, "how_we_did").set_input_files(str(png))
    _upload(page, "will_do").set_input_files(str(bad_svg))
    page.get_by_label("Describe your picture for 'What we will do next'").fill("A door")
    page.get_by_role("button", name="Save the Easy Read version").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Describe your picture for people who cannot see it")
    expect(summary).to_contain_text("The SVG picture contains <script>")
    _check_both_widths(page, assert_accessible)

    _upload(page, "how_we_did").set_input_files(str(png))
    page.get_by_label("Describe your picture for 'How we did'").fill("Our staff network meeting")
    page.get_by_label("Describe your picture for 'What we will do next'").fill("")
    page.get_by_role("button", name="Save the Easy Read version").click()
    expect(page.locator("main")).to_contain_text("Easy Read version saved.")
    page.get_by_role("button", name="Publish the Easy Read version").click()
    expect(page.locator("main")).to_contain_text("Easy Read version published.")

    # The edit page previews the picture and offers to remove it.
    page.goto(f"/formats/eds/{slug}/easy-read/edit/")
    expect(page.locator("img[alt='Our staff network meeting']")).to_be_visible()
    expect(page.get_by_label("Remove your picture for 'How we did' and use the one above"))
    _check_both_widths(page, assert_accessible)

    page.context.clear_cookies()
    page.goto(f"/formats/eds/{slug}/easy-read/")
    picture = page.locator("img[alt='Our staff network meeting']")
    expect(picture).to_be_visible()
    assert picture.get_attribute("src").startswith("data:image/png;base64,")
    assert page.locator("img[src*='pictograms/']").count() == 2  # the other two sections
    _check_both_widths(page, assert_accessible)
    pdf = _download(
        page, lambda: page.get_by_role("link", name="Download this Easy Read version (PDF)").click()
    )
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert any(i.image.size == (64, 48) for p in reader.pages for i in p.images)
