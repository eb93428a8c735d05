"""`mapbridge build`: every output or none, and earlier outputs untouched when a step fails."""

from __future__ import annotations

from mapbridge.cli import cli

ROWS_SAMPLE = "samples/bank-account-rows.xlsx"


def test_build_writes_deck_tracker_and_check_report(runner, tmp_path):
    result = runner.invoke(
        cli, ["build", ROWS_SAMPLE, "-o", str(tmp_path), "--today", "2026-11-01"]
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "bank-account-rows-check.txt",
        "bank-account-rows-insights.txt",
        "bank-account-rows-tracker.xlsx",
        "bank-account-rows.html",
        "bank-account-rows.pptx",
    ]
    assert result.stdout == (
        f"wrote {tmp_path / 'bank-account-rows.pptx'} "
        "(13 slides: 4 personas, 4 map slides, 1 layered comparison, 1 insight slide)\n"
        f"wrote {tmp_path / 'bank-account-rows.html'} (interactive map: 4 personas, 4 maps)\n"
        f"wrote {tmp_path / 'bank-account-rows-tracker.xlsx'} "
        "(4 personas, 4 maps, 4 persona-map links, 11 findings)\n"
        f"wrote {tmp_path / 'bank-account-rows-check.txt'} "
        "(map health: 0 errors, 9 warnings, 2 notes)\n"
        f"wrote {tmp_path / 'bank-account-rows-insights.txt'} "
        "(where the personas differ in 1 journey)\n"
    )
    assert result.stderr == ""


def test_a_failing_step_leaves_no_new_file_and_keeps_old_outputs(runner, tmp_path):
    old_deck = tmp_path / "bank-account-rows.pptx"
    old_deck.write_bytes(b"last week's deck")
    # Not a tracker of ours: the tracker step refuses to overwrite it, after the deck was made.
    not_a_tracker = tmp_path / "bank-account-rows-tracker.xlsx"
    not_a_tracker.write_bytes(b"someone's own spreadsheet")
    result = runner.invoke(cli, ["build", ROWS_SAMPLE, "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{not_a_tracker}: error MB044 bad-tracker: this file exists but cannot be opened as an "
        "Excel workbook (the zip package cannot be opened); it was left untouched. "
        "Hint: Choose another -o path, or move the file away.\n"
    )
    assert old_deck.read_bytes() == b"last week's deck"
    assert not_a_tracker.read_bytes() == b"someone's own spreadsheet"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "bank-account-rows-tracker.xlsx",
        "bank-account-rows.pptx",
    ]
