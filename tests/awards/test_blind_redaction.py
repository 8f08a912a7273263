"""Blind judging redacts names as whole words and known variants, never ordinary words:
a table of tricky cases."""

from types import SimpleNamespace

import pytest

from dueregard.awards.services import blind


def _nomination(
    nominee,
    *,
    kind="individual",
    org="Alpha Valley NHS Foundation Trust",
    ods="RAV",
    nominator="Kemi Johnson",
    email=None,
):
    organisation = SimpleNamespace(name=org, ods_code=ods)
    return SimpleNamespace(
        kind=kind,
        nominee_name=nominee,
        nominee_email=email or (nominee.lower().replace(" ", ".") + "@example.nhs.uk"),
        nominator=SimpleNamespace(
            full_name=nominator,
            email=nominator.lower().replace(" ", ".") + "@example.nhs.uk",
        ),
        nominee_organisation=organisation,
        nominator_organisation=organisation,
    )


OLU = _nomination("Olu Adebayo")
GRACE = _nomination("Grace Will")
HOPE_TEAM = _nomination("Hope Young Carers Team", kind="team", email="lead@example.nhs.uk")
HYPHEN = _nomination("Mary-Jane O'Neill")
DOCTOR = _nomination("Dr Zoë Ní Bhriain")

CASES = [
    # (nomination, text, expected)
    (OLU, "Olu Adebayo set up the forum.", "[nominee] set up the forum."),
    (OLU, "Olu's colleagues trust him.", "[nominee] colleagues trust him."),
    (OLU, "Adebayo listens.", "[nominee] listens."),
    (OLU, "OLU ADEBAYO chaired.", "[nominee] chaired."),
    (OLU, "Olusegun from finance helped.", "Olusegun from finance helped."),
    (OLU, "Olu\nAdebayo wrote it.", "[nominee] wrote it."),
    (
        GRACE,
        "I will say that Grace Will leads by example.",
        "I will say that [nominee] leads by example.",
    ),
    (
        GRACE,
        "With grace and goodwill, Will listened.",
        "With grace and goodwill, [nominee] listened.",
    ),
    (GRACE, "Grace chaired it.", "[nominee] chaired it."),
    (
        HOPE_TEAM,
        "The Hope Young Carers Team supports young people.",
        "The [nominee] supports young people.",
    ),
    (
        HOPE_TEAM,
        "Hope Young Carers won funding; we hope to grow.",
        "[nominee] won funding; we hope to grow.",
    ),
    (
        HOPE_TEAM,
        "Young carers and their team meet weekly.",
        "Young carers and their team meet weekly.",
    ),
    (HYPHEN, "Mary-Jane O'Neill and O'Neill's team.", "[nominee] and [nominee] team."),
    (HYPHEN, "Mary-Jane spoke; Jane agreed.", "[nominee] spoke; [nominee] agreed."),
    (DOCTOR, "Dr Zoë Ní Bhriain and Zoë presented.", "[nominee] and [nominee] presented."),
    (OLU, "Staff at Alpha Valley NHS Foundation Trust agree.", "Staff at [organisation] agree."),
    (
        OLU,
        "Alpha Valley Trust and Alpha Valley NHS Trust merged.",
        "[organisation] and [organisation] merged.",
    ),
    (
        OLU,
        "Across Alpha Valley, AVNFT (RAV) leads.",
        "Across [organisation], [organisation] ([organisation]) leads.",
    ),
    (OLU, "The alpha release of the valley map.", "The alpha release of the valley map."),
    (
        OLU,
        "AVFT staff; avft is not an acronym here; RAVEN is a bird.",
        "[organisation] staff; avft is not an acronym here; RAVEN is a bird.",
    ),
    (
        OLU,
        "Kemi Johnson, who nominated them, says Johnson's team agrees.",
        "[nominator], who nominated them, says [nominator] team agrees.",
    ),
    (
        OLU,
        "The NHS Trust board and the Foundation Trust council.",
        "The NHS Trust board and the Foundation Trust council.",
    ),
]


@pytest.mark.parametrize(("nomination", "text", "expected"), CASES)
def test_tricky_redaction_cases(nomination, text, expected):
    assert blind.redact(text, nomination) == expected


def test_preview_pieces_rebuild_both_texts():
    text = "Olu Adebayo at AVNFT helps young people."
    pieces = blind.preview(text, OLU)
    assert "".join(original for original, _ in pieces) == text
    assert "".join(r or original for original, r in pieces) == blind.redact(text, OLU)
    assert [(o, r) for o, r in pieces if r] == [
        ("Olu Adebayo", "[nominee]"),
        ("AVNFT", "[organisation]"),
    ]
