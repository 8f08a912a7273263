"""The reach table of the demo mentoring programme: counts suppressed, likelihoods with
intervals; axe at 1280 and 320 px."""

from playwright.sync_api import expect

from dueregard.mentoring.demo import TITLE
from dueregard.mentoring.models import Programme

DEMO = "@demo.dueregard.test"


def test_reach_table_with_suppression(page, sign_in_as, assert_accessible):
    sign_in_as(f"fatima.rahman{DEMO}")
    programme = Programme.objects.get(title=TITLE)
    page.goto(f"/mentoring/programmes/{programme.pk}/summary/")
    page.get_by_role("link", name="Who the programme reaches").click()
    table = page.locator("table")
    expect(table).to_contain_text("Applied, matched and completed by shared characteristic")
    expect(table.locator("td", has_text="*").first).to_be_visible()
    expect(table).to_contain_text("Not shown")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
