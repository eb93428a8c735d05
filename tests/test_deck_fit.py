"""Text fitting for slides: wrapping like an office suite, sizes that fit, "…" when nothing fits."""

from __future__ import annotations

import os

import pytest

from mapbridge.exporters.deck import fit, fonts
from mapbridge.exporters.deck.fit import ELLIPSIS, MIN_SIZE, Block


@pytest.fixture(scope="module")
def calibri():
    return fonts.load_font_set("Calibri")


def test_calibri_is_measured_with_a_metric_compatible_font(calibri):
    if fonts.find_font_file("Carlito") is None:
        if os.environ.get("CI"):
            pytest.fail("Carlito missing in CI: .ci/run installs fonts-crosextra-carlito")
        pytest.skip("Carlito is not installed")
    assert calibri.family == "Carlito"
    assert calibri.line_height(10) == pytest.approx(12.2, abs=0.1)
    # Bold is wider than regular, and widths scale with the size.
    assert calibri.width("Pain points", 10, bold=True) > calibri.width("Pain points", 10)
    assert calibri.width("Pain points", 20) == pytest.approx(2 * calibri.width("Pain points", 10))


def test_every_wrapped_line_fits_the_width(calibri):
    text = "Compares three banks in open tabs while waiting for the verification e-mail to arrive"
    lines = fit.wrap(text, calibri, 10, 90)
    assert len(lines) > 2
    assert all(calibri.width(line, 10) <= 90 for line in lines)
    assert " ".join(lines) == text


def test_a_word_longer_than_the_line_is_broken(calibri):
    lines = fit.wrap("Donaudampfschifffahrtsgesellschaftskapitän", calibri, 11, 60)
    assert len(lines) > 1 and "".join(lines) == "Donaudampfschifffahrtsgesellschaftskapitän"


def test_cjk_text_breaks_between_characters(calibri):
    lines = fit.wrap("申請フォームが長すぎて途中で諦めました", calibri, 10, 60)
    assert len(lines) > 1
    assert "".join(lines) == "申請フォームが長すぎて途中で諦めました"


def test_best_size_is_the_largest_that_fits_and_never_below_8(calibri):
    short = [([Block(("Website",))], 100.0, 20.0)]
    assert fit.best_size(short, calibri, 11.0) == 11.0
    long = [([Block(("word " * 400,))], 100.0, 20.0)]
    assert fit.best_size(long, calibri, 11.0) == MIN_SIZE


def test_shortened_text_ends_in_an_ellipsis_and_fits(calibri):
    text = "The verification step asks again for documents already sent by post " * 4
    short = fit.shorten_to_lines(text, calibri, 9, 100, 2)
    assert short.endswith(ELLIPSIS)
    assert len(fit.wrap(short, calibri, 9, 100)) <= 2
    assert fit.shorten_to_lines("Fits", calibri, 9, 100, 1) == "Fits"


def test_without_any_font_files_a_built_in_approximation_is_used(monkeypatch):
    monkeypatch.setattr(fonts, "_font_files", lambda: {})
    fonts.load_font_set.cache_clear()
    try:
        approx = fonts.load_font_set("Calibri")
        assert approx.family == "approximation"
        assert approx.width("Hello", 10) == pytest.approx(
            sum(int(w) for w in ["623", "498", "230", "230", "527"]) / 100, rel=0.001
        )
        assert approx.line_height(10) == pytest.approx(12.2, abs=0.1)
    finally:
        fonts.load_font_set.cache_clear()
