"""`make test` fails when the translation catalogue is stale: extracting the marked strings
again must change nothing (run `make messages` to bring the catalogues up to date)."""

from pathlib import Path

from dueregard.core.translation import extraction

ROOT = Path(__file__).resolve().parents[2]


def test_extraction_would_change_nothing():
    assert extraction.stale_report(ROOT) == []
