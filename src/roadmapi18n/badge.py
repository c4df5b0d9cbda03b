"""A small shields.io-style SVG badge showing a locale's translation coverage.

Pure and deterministic: the same percentage gives the same bytes. Text widths
come from a table of Verdana 11px advance widths (what shields.io measures
with), so no font is needed at build time.

>>> coverage_badge(18).count("18%")
4
>>> coverage_badge(100) == coverage_badge(100)
True
"""

from __future__ import annotations

from html import escape

LABEL = "translated"

# Verdana 11px advance widths (px) of the characters a coverage badge uses; others count as 7.
_WIDTHS = {
    **dict.fromkeys("0123456789", 7.0),
    "%": 11.9, " ": 3.9, ".": 3.9,
    "a": 6.7, "b": 6.9, "c": 5.8, "d": 6.9, "e": 6.6, "f": 3.9, "g": 6.9, "h": 7.0, "i": 3.0, "j": 3.8,
    "k": 6.5, "l": 3.0, "m": 10.7, "n": 7.0, "o": 6.7, "p": 6.9, "q": 6.9, "r": 4.7, "s": 5.7, "t": 4.3,
    "u": 7.0, "v": 6.5, "w": 9.0, "x": 6.5, "y": 6.5, "z": 5.8,
}  # fmt: skip
_PADDING = 10


def badge_color(percent: int) -> str:
    """shields.io's colours by coverage: red below 50%, yellow below 80%, yellow-green below 100%, green at 100%.

    >>> badge_color(18), badge_color(50), badge_color(99), badge_color(100)
    ('#e05d44', '#dfb317', '#a4a61d', '#4c1')
    """
    if percent >= 100:
        return "#4c1"
    if percent >= 80:
        return "#a4a61d"
    return "#dfb317" if percent >= 50 else "#e05d44"


def _width(text: str) -> int:
    return round(sum(_WIDTHS.get(ch, 7.0) for ch in text)) + _PADDING


def coverage_badge(percent: int, label: str = LABEL) -> str:
    """The SVG of a flat badge ``label | percent%`` (``percent`` a whole number, as in the README's status line)."""
    value = f"{percent}%"
    left, right = _width(label), _width(value)
    total = left + right
    title = escape(f"{label}: {value}")
    label_x, value_x = left * 5, (left + right / 2) * 10
    text = 'font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="110" transform="scale(.1)"'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" aria-label="{title}">'
        f"<title>{title}</title>"
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/>'
        '<stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{total}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{badge_color(percent)}"/>'
        f'<rect width="{total}" height="20" fill="url(#s)"/></g>'
        f'<g fill="#fff" text-anchor="middle" {text}>'
        f'<text x="{label_x:g}" y="150" fill="#010101" fill-opacity=".3">{escape(label)}</text>'
        f'<text x="{label_x:g}" y="140">{escape(label)}</text>'
        f'<text x="{value_x:g}" y="150" fill="#010101" fill-opacity=".3">{value}</text>'
        f'<text x="{value_x:g}" y="140">{value}</text></g></svg>\n'
    )
