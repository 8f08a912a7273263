"""The column-mapping page stays short for wide files: one row per file column with a
summary of its values, never every value."""

from __future__ import annotations

import pandas as pd
import pytest
from django.urls import reverse

from dueregard.evidence.models import Dataset
from dueregard.evidence.services import synthetic
from dueregard.evidence.services.mapping import file_columns
from dueregard.evidence.services.schemas import SERVICE_SCHEMAS

from .conftest import csv_file


def test_each_file_column_is_summarised_not_listed():
    frame = pd.DataFrame(
        {
            "NHS number": [f"{i:010d}" for i in range(50)],
            "Ethnic group": ["A"] * 30 + ["H"] * 15 + ["R"] * 4 + [""],
            "Extra": [str(i % 9) for i in range(50)],
        }
    )
    rows = file_columns(frame, SERVICE_SCHEMAS["uptake"], {"ethnicity": "Ethnic group"})
    assert [r["header"] for r in rows] == ["NHS number", "Ethnic group", "Extra"]
    nhs, eth, extra = rows
    assert nhs["identifier"] and nhs["examples"] == [] and nhs["distinct"] == 50
    assert eth["used_as"] == "Ethnicity" and eth["filled"] == 49 and eth["distinct"] == 3
    assert eth["examples"] == ["A", "H", "R"]  # most common first
    assert extra["used_as"] == "" and len(extra["examples"]) == 3  # 9 values, 3 shown


@pytest.mark.django_db
def test_the_mapping_page_has_one_row_per_file_column(client_for, analyst_a):
    client = client_for(analyst_a)
    content = synthetic.uptake_csv()
    client.post(
        reverse("evidence:upload"),
        {"name": "Flu", "kind": "uptake", "file": csv_file(content, "f.csv"), "keep": "delete"},
    )
    d = Dataset.objects.get()
    html = client.get(reverse("evidence:mapping", args=[d.pk])).content.decode()
    table = html.split('id="file-columns"', 1)[1].split("</table>", 1)[0]
    headers = pd.read_csv(
        pd.io.common.StringIO(content.decode() if isinstance(content, bytes) else content), nrows=0
    ).columns
    assert table.count('<th scope="row">') == len(headers)
    for header in headers:
        assert f'<th scope="row">{header}</th>' in table
