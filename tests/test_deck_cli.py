"""`mapbridge deck` and `mapbridge build` as a user runs them."""

from __future__ import annotations

from mapbridge.cli import cli
from tests.deck_helpers import ROWS_SAMPLE, open_deck, slide_text


def test_build_writes_the_deck_named_after_the_workbook(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(
        cli, ["build", str(ROWS_SAMPLE), "-o", str(out), "--today", "2026-11-01"]
    )
    assert result.exit_code == 0, result.output
    deck = out / "bank-account-rows.pptx"
    assert deck.exists()
    assert result.stdout == (
        f"wrote {deck} (13 slides: 4 personas, 4 map slides, 1 layered comparison, 1 insight slide)\n"
        f"wrote {out / 'bank-account-rows.html'} (interactive map: 4 personas, 4 maps)\n"
        f"wrote {out / 'bank-account-rows-tracker.xlsx'} "
        "(4 personas, 4 maps, 4 persona-map links, 11 findings)\n"
        f"wrote {out / 'bank-account-rows-check.txt'} (map health: 0 errors, 9 warnings, 2 notes)\n"
        f"wrote {out / 'bank-account-rows-insights.txt'} (where the personas differ in 1 journey)\n"
    )
    assert result.stderr == ""
    prs = open_deck(deck)
    assert "All 4 personas go through the same 6 stages" in slide_text(prs.slides[1])
    assert slide_text(prs.slides[-1]).startswith("Map health")


def test_deck_with_layout_and_persona_options(runner, tmp_path):
    target = tmp_path / "ana.pptx"
    result = runner.invoke(
        cli,
        [
            "deck",
            str(ROWS_SAMPLE),
            "-o",
            str(target),
            "--layout",
            "per-persona",
            "--persona",
            "Ana Reyes",
            "--no-checks",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {target} (4 slides: 1 persona, 1 map slide)\n"
    assert result.stderr == ""
    text = " ".join(slide_text(s) for s in open_deck(target).slides)
    assert "Ana Reyes" in text and "Ben Okafor" not in text and "Map health" not in text


def test_unknown_persona_is_a_usage_error_listing_the_personas(runner, tmp_path):
    result = runner.invoke(
        cli, ["deck", str(ROWS_SAMPLE), "-o", str(tmp_path / "d.pptx"), "--persona", "Zed"]
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error MB043 bad-deck-option: there is no persona named 'Zed'; the personas are: "
        "Ana Reyes, Ben Okafor, Chloe Martin, Dev Patel. Hint: use --persona with one of these "
        "names\n"
    )
    assert not (tmp_path / "d.pptx").exists()


def test_missing_template_is_a_usage_error(runner, tmp_path):
    template = tmp_path / "none.pptx"
    result = runner.invoke(
        cli,
        ["deck", str(ROWS_SAMPLE), "-o", str(tmp_path / "d.pptx"), "--template", str(template)],
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"none.pptx: error MB050 bad-template: there is no template file at '{template}'. "
        "Hint: name a .pptx or .potx file\n"
    )
