"""Exports for the panel chair: nominations with results, and every score; CSV and XLSX."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from dueregard.awards.services import judging

from .helpers import make_nomination


def _scored(rnd, nominator, judges):
    n = make_nomination(rnd, nominator, nominee="=HYPERLINK(evil)")
    for j, value in zip(judges[:2], (5, 3), strict=True):
        judging.score(j, n, scores={q.pk: value for q in n.category.questions.all()})
    return n


def test_nominations_csv(client_for, organiser, rnd, nominator, judges):
    _scored(rnd, nominator, judges)
    response = client_for(organiser).get(
        reverse("awards:export", args=[rnd.pk, "nominations", "csv"])
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.startswith("Reference,Category,Nominee")
    assert "'=HYPERLINK(evil)" in row  # formula injection defused
    assert ",2,4.00,1.41,3.00,5.00," in row and row.endswith(",Yes,")


def test_scores_xlsx(client_for, organiser, rnd, nominator, judges):
    _scored(rnd, nominator, judges)
    response = client_for(organiser).get(reverse("awards:export", args=[rnd.pk, "scores", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0] == ("Reference", "Judge", "Judge type", "Question", "Score", "Comment")
    assert len(rows) == 1 + 2 * 4
    assert {r[4] for r in rows[1:]} == {5, 3}  # numeric cells, not text


def test_exports_are_for_the_chair_only(client_for, nominator, rnd):
    url = reverse("awards:export", args=[rnd.pk, "scores", "csv"])
    assert client_for(nominator).get(url).status_code == 403


def test_unknown_format_404(client_for, organiser, rnd):
    assert (
        client_for(organiser)
        .get(reverse("awards:export", args=[rnd.pk, "scores", "pdf"]))
        .status_code
        == 404
    )
