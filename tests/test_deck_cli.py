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
    assert f"wrote {deck}" in result.output
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
    assert "1 persona, 1 map slide)" in result.output
    text = " ".join(slide_text(s) for s in open_deck(target).slides)
    assert "Ana Reyes" in text and "Ben Okafor" not in text and "Map health" not in text


def test_unknown_persona_is_a_usage_error_listing_the_personas(runner, tmp_path):
    result = runner.invoke(
        cli, ["deck", str(ROWS_SAMPLE), "-o", str(tmp_path / "d.pptx"), "--persona", "Zed"]
    )
    assert result.exit_code == 2
    assert "there is no persona named 'Zed'" in result.output
    assert "Ana Reyes, Ben Okafor, Chloe Martin, Dev Patel" in result.output
    assert not (tmp_path / "d.pptx").exists()


def test_missing_template_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(
        cli,
        [
            "deck",
            str(ROWS_SAMPLE),
            "-o",
            str(tmp_path / "d.pptx"),
            "--template",
            str(tmp_path / "none.pptx"),
        ],
    )
    assert result.exit_code == 2
    assert "there is no template file" in result.output
