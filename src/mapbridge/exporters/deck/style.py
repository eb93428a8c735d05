"""The deck's visual language: neutral greys for structure, colour only where it means something, one type scale."""

from __future__ import annotations

from dataclasses import dataclass

from mapbridge.contrast import mix

# Structure (neutral greys).
INK = "1F2933"  # main text
INK_SOFT = "3E4C59"  # secondary text
MUTED = "6B7280"  # captions, footer
RULE = "D5DAE1"  # hairlines and card edges
HEADER_FILL = "E9EDF2"  # stage headers
LABEL_FILL = "F3F5F8"  # lane label column
BAND_FILL = "F8FAFC"  # curve band and alternate rows
WHITE = "FFFFFF"

# Meaning.
PAIN_FILL, PAIN_EDGE, PAIN_INK = "FDECEC", "B42318", "7A271A"
GAIN_FILL, GAIN_EDGE, GAIN_INK = "E7F6EC", "1E7B45", "14532D"
TAG_FILL, TAG_EDGE = "EEF2F7", "C3CCD8"
PROTO_FILL, PROTO_INK = "FFF4E5", "9A5B00"
SEGMENT_FILL, SEGMENT_INK = "EAF2FB", "1E4E8C"
SEVERITY_COLOURS = {
    "error": ("FDECEC", "B42318"),
    "warning": ("FFF4E5", "9A5B00"),
    "info": ("EAF2FB", "1E4E8C"),
}

#: How each relation between personas is drawn on the comparison (colour, width pt, DrawingML
#: dash or None): greys told apart by their pattern, "caused by" in the deck's warning colour,
#: none in a persona colour (those mark whose stripe is whose).
RELATION_LINES: dict[str, tuple[str, float, str | None]] = {
    "interacts_with": (INK_SOFT, 1.0, None),
    "depends_on": (INK_SOFT, 1.25, "dash"),
    "caused_by": (PROTO_INK, 1.75, None),
    "hands_over_to": (INK, 1.5, "sysDot"),
}

# Type scale (points).
TITLE_SIZE = 24.0
SUBTITLE_SIZE = 14.0
STAGE_SIZE = 12.0
STEP_SIZE = 10.0
LABEL_SIZE = 11.0
CELL_MAX = 11.0
CELL_PREFERRED = 10.0
FOOTER_SIZE = 8.0

# Grid (points; the slide is 960 x 540).
MARGIN = 29.0
LABEL_WIDTH = 100.0
GUTTER = 4.0
MAX_COLUMNS = 8
#: Narrowest a stage column may get before the map continues on another slide (1.2 in).
MIN_COLUMN_WIDTH = 86.0
MAX_LAYERED_PERSONAS = 5


@dataclass(frozen=True)
class LaneStyle:
    """How a lane kind is drawn: card colours, an edge stripe, tags or prose, italic, quoted."""

    fill: str | None = WHITE
    edge: str | None = None
    border: str | None = RULE
    ink: str = INK
    tags: bool = False
    italic: bool = False
    quoted: bool = False
    bold: bool = False


LANE_STYLES: dict[str, LaneStyle] = {
    "actions": LaneStyle(),
    "touchpoints": LaneStyle(tags=True),
    "channels": LaneStyle(tags=True),
    "owners": LaneStyle(tags=True),
    "thoughts": LaneStyle(fill=None, border=None, ink=INK_SOFT, italic=True, quoted=True),
    "feelings": LaneStyle(fill=None, border=None, ink=INK_SOFT, italic=True),
    "pain_points": LaneStyle(fill=PAIN_FILL, edge=PAIN_EDGE, border=None, ink=PAIN_INK),
    "opportunities": LaneStyle(fill=GAIN_FILL, edge=GAIN_EDGE, border=None, ink=GAIN_INK),
    "backstage": LaneStyle(fill=BAND_FILL, border=RULE, ink=INK_SOFT),
    "metrics": LaneStyle(fill=WHITE, border=RULE, bold=True),
    "custom": LaneStyle(),
}

#: The colours (fill, ink) of a persona's kind tag (overview) and header badge (its own slides);
#: the words are the model's (`mapbridge.model.PERSONA_KIND_LABELS`). Research personas have no
#: badge; every other kind has one, so a persona whose source never said its kind is not taken
#: for a validated one.
KIND_COLOURS: dict[str, tuple[str, str]] = {
    "proto": (PROTO_FILL, PROTO_INK),
    "segment": (SEGMENT_FILL, SEGMENT_INK),
    "unspecified": (TAG_FILL, INK_SOFT),
}


def lane_style(kind: str) -> LaneStyle:
    return LANE_STYLES.get(kind, LANE_STYLES["custom"])


def tint(colour: str, amount: float) -> str:
    """`colour` mixed with white (amount 0 = colour, 1 = white)."""
    return mix(colour, WHITE, amount)
