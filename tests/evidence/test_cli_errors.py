"""The command line names junk, unreadable or wrong-format files and an unsupported
output in one clear message each, never as an internal error."""

import pytest

from dueregard.analytics.cli import EXIT_INPUT, EXIT_USAGE, main


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("staff.xlsx", b"PK\x03\x04 junk", "staff.xlsx: cannot be read as an Excel (XLSX) file"),
        ("staff.parquet", b"PAR1 junk", "staff.parquet: cannot be read as a Parquet file"),
        ("staff.xlsx", b"plain text renamed", "staff.xlsx: cannot be read as an Excel (XLSX)"),
    ],
)
def test_junk_files_are_named_not_internal_errors(tmp_path, capsys, name, content, says):
    path = tmp_path / name
    path.write_bytes(content)
    code = main(
        ["analyse", "wres", "--staff", str(path), "--period", "2025-26", "--quiet"]
        + ["--out", str(tmp_path / "out.csv")]
    )
    err = capsys.readouterr().err
    assert code == EXIT_INPUT
    assert says in err
    assert "internal error" not in err and "BadZipFile" not in err and "Arrow" not in err


def test_unsupported_output_suffix_is_a_usage_error(tmp_path, capsys):
    path = tmp_path / "staff.csv"
    path.write_text("a,b\n1,2\n")
    code = main(
        ["analyse", "wres", "--staff", str(path), "--period", "2025-26", "--quiet"]
        + ["--out", str(tmp_path / "out.pdf")]
    )
    assert code == EXIT_USAGE
    assert "must end in .xlsx, .csv, .json or .html" in capsys.readouterr().err
