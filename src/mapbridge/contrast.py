"""Colour contrast as WCAG 2 measures it, and the nearest colour of the same hue that passes."""

from __future__ import annotations

import functools

#: WCAG AA: normal text needs 4.5 : 1 against what is behind it; large text (18 pt and up, or
#: 14 pt bold) 3 : 1.
AA_NORMAL = 4.5
AA_LARGE = 3.0


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "".join(f"{max(0, min(255, round(c))):02X}" for c in rgb)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


@functools.lru_cache(maxsize=4096)
def luminance(colour: str) -> float:
    """Relative luminance of a hex colour (0 black .. 1 white)."""
    r, g, b = _rgb(colour)
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def ratio(first: str, second: str) -> float:
    """The WCAG contrast ratio of two hex colours (1 .. 21)."""
    a, b = luminance(first), luminance(second)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def is_large(size: float, bold: bool = False) -> bool:
    """WCAG's large text: 18 pt and up, or 14 pt and up in bold."""
    return size >= 18.0 or (bold and size >= 14.0)


def mix(colour: str, other: str, amount: float) -> str:
    """`colour` moved `amount` (0..1) of the way towards `other`."""
    a, b = _rgb(colour), _rgb(other)
    return _hex(tuple(x + (y - x) * amount for x, y in zip(a, b, strict=True)))


@functools.lru_cache(maxsize=4096)
def readable(colour: str, background: str, large: bool = False) -> str:
    """`colour`, darkened or lightened just enough to reach WCAG AA against `background`.

    The colour keeps its hue: it is mixed with black (on a light background) or white (on a
    dark one) in small steps until it passes. When going that way cannot pass, the other
    way is tried; black or white is the last resort (one of them always passes).
    """
    colour, background = colour.upper(), background.upper()
    needed = AA_LARGE if large else AA_NORMAL
    if ratio(colour, background) >= needed:
        return colour
    dark_background = luminance(background) < 0.18
    directions = ("FFFFFF", "000000") if dark_background else ("000000", "FFFFFF")
    for towards in directions:
        for step in range(1, 21):
            candidate = mix(colour, towards, step / 20)
            if ratio(candidate, background) >= needed:
                return candidate
    return max(("000000", "FFFFFF"), key=lambda c: ratio(c, background))


def text_on(background: str, dark: str, light: str) -> str:
    """Whichever of the theme's dark and light text colours reads better on `background`."""
    return dark if ratio(dark, background) >= ratio(light, background) else light
