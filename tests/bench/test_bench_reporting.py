"""The bench's reporting: margins, the closing summary and each process's own peak memory."""

import subprocess
import sys

from bench.__main__ import summary
from bench.workforce import margin, peak_rss_mib


def test_margin_is_target_over_measured():
    assert margin(2.0, 1.0) == "2.00×"
    assert margin(1.5, 3.0) == "0.50×"
    assert margin(5.0, 10.0, higher_is_better=True) == "2.00×"
    assert margin(1.0, 0.0) == "n/a"


def test_summary_names_every_target_not_holding():
    rows = [
        {"benchmark": "a", "measure": "seconds", "status": "PASS"},
        {"benchmark": "b", "measure": "peak MiB", "status": "FAIL"},
        {"benchmark": "c", "measure": "seconds", "status": "n/a"},
        {"note": "ignored"},
    ]
    line = summary(rows)
    assert line.startswith("targets: 1 of 2 hold")
    assert "b (peak MiB)" in line
    assert summary(rows[:1]) == "targets: 1 of 1 hold"


def test_a_child_reports_its_own_peak_not_its_parents():
    ballast = bytearray(300 * 2**20)  # the parent's peak: 300 MiB more than the child's
    ballast[::4096] = b"x" * len(ballast[::4096])
    code = "from bench.workforce import peak_rss_mib; print(peak_rss_mib())"
    child = float(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    )
    assert peak_rss_mib() > 300
    assert child < peak_rss_mib() - 200
    del ballast


def test_make_bench_fails_unless_every_target_holds(monkeypatch, capsys):
    import bench.__main__ as entry

    def exit_code(rows):
        module = type(sys)("bench.fake")
        module.run = lambda: rows
        monkeypatch.setitem(sys.modules, "bench.fake", module)
        monkeypatch.setattr(entry, "SECTIONS", ["bench.fake"])
        return entry.main([])

    passed = {"benchmark": "a", "status": "PASS", "target": "≤ 1 s"}
    assert exit_code([passed]) == 0
    assert exit_code([passed, {"benchmark": "b", "status": "FAIL", "target": "≤ 1 s"}]) == 1
    unmeasured = {"benchmark": "r", "status": "n/a", "target": "≥ 10× R", "results": "no R"}
    assert exit_code([passed, unmeasured]) == 1
    assert "NOT MEASURED" in capsys.readouterr().out
    assert exit_code([passed, {"benchmark": "info", "status": "n/a"}]) == 0  # not a target


def test_every_eds_import_row_with_a_target_is_judged():
    """A row with a target and status n/a counts as NOT MEASURED and fails `make bench`:
    the 10× row must be judged like the 100× row."""
    from bench import eds_import

    assert eds_import._judged(1.0, 1)["status"] == "n/a"
    assert eds_import._judged(1.0, 1)["target"] == ""
    assert eds_import._judged(12.0, 10)["status"] == "PASS"
    assert eds_import._judged(16.0, 10)["status"] == "FAIL"
    assert eds_import._judged(100.0, 100) == {
        "target": "≤ 150 × the 1× time",
        "margin": "1.50×",
        "status": "PASS",
    }
