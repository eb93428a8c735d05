"""The persona profile slides: a panel with the quote and description; goals, pains, details and the empathy map as cards sized to what the persona has."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from mapbridge.exporters.deck import fit, style
from mapbridge.exporters.deck.canvas import Canvas, Para, Run
from mapbridge.exporters.deck.context import DeckContext, Notes, SlideInfo, set_notes
from mapbridge.exporters.deck.header_footer import footer, format_date, header
from mapbridge.exporters.deck.labels import human_label
from mapbridge.exporters.deck.lanes import pill_height, plan_tags
from mapbridge.model import Persona, kind_label

#: Largest and smallest size of card text (list items, details): few fields read large, and a
#: persona with more than a slide holds continues on another slide rather than go smaller.
ITEM_MAX = 16.0
ITEM_MIN = 10.0
#: The quote reads larger than the cards; the description a little smaller than the quote.
QUOTE_MAX = 28.0
QUOTE_MIN = 12.0
DESCRIPTION_MAX = 14.0
TITLE_SIZE = 11.0
TAG_MAX = 13.0
#: Share of the content width the persona panel (quote, description) takes: more when the
#: cards beside it are few.
PANEL_SHARE = 0.32
PANEL_SHARE_SPARSE = 0.42
#: Narrowest a column of cards may get.
MIN_CARD_WIDTH = 190.0
GAP = 12.0
#: Inside a card: side padding, room above the title, between title and text, below the text.
PAD = 12.0
TOP = 9.0
UNDER_TITLE = 6.0
BOTTOM = 10.0
#: Space between list items, in lines.
ITEM_GAP = 0.3


@dataclass(frozen=True)
class Section:
    """One field of the persona as a card: its title, its items (for "labelled", the labels
    alongside), how it is drawn, and the field its source cell is under."""

    title: str
    items: tuple[str, ...]
    field: str
    kind: str = "list"  # list, text, labelled, tags, empathy
    labels: tuple[str, ...] = ()
    accent: str = style.INK
    fill: str = style.WHITE
    #: Across the whole width under the columns (channels, the empathy map).
    wide: bool = False
    #: The empathy map's quadrants: (title, items) for says, thinks, does, feels.
    quadrants: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def rows(self) -> tuple[str, ...]:
        """The text the card shows, one paragraph per item ("Label: value" for labelled)."""
        if self.kind == "labelled":
            return tuple(
                f"{label}: {value}" for label, value in zip(self.labels, self.items, strict=True)
            )
        return self.items


@dataclass
class Arrangement:
    """Cards placed in an area at one text size: columns of cards, then wide sections below."""

    size: float
    columns: list[list[int]]
    wide: list[int]
    #: (section index, x, y, w, h) for every card.
    boxes: list[tuple[int, float, float, float, float]] = field(default_factory=list)


# ------------------------------------------------------------------ what a persona has


def persona_sections(persona: Persona, colour: str) -> list[Section]:
    """The persona's fields as cards, in reading order: lists, details (columns the reader did
    not recognise), channels, the empathy map, demographics last."""
    sections = [
        Section(title, tuple(items), key, accent=accent, fill=fill)
        for title, items, key, accent, fill in (
            ("Goals", persona.goals, "goals", style.INK, style.WHITE),
            ("Pain points", persona.pain_points, "pain_points", style.PAIN_EDGE, style.PAIN_FILL),
            ("Motivations", persona.motivations, "motivations", style.INK, style.WHITE),
            ("Behaviours", persona.behaviours, "behaviours", style.INK, style.WHITE),
        )
        if _filled(items)
    ]
    sections = [
        Section(
            s.title, tuple(i for i in s.items if i.strip()), s.field, accent=s.accent, fill=s.fill
        )
        for s in sections
    ]
    extras = [(human_label(k), str(v).strip()) for k, v in persona.extra.items() if str(v).strip()]
    if extras:
        sections.append(_labelled("Details", extras, "extra"))
    if _filled(persona.channels):
        channels = tuple(c for c in persona.channels if c.strip())
        sections.append(Section("Channels", channels, "channels", kind="tags", wide=True))
    empathy = persona.empathy_map
    if not empathy.is_empty():
        quadrants = tuple(
            (title, tuple(i for i in items or [] if i.strip()))
            for title, items in (
                ("Says", empathy.says),
                ("Thinks", empathy.thinks),
                ("Does", empathy.does),
                ("Feels", empathy.feels),
            )
        )
        sections.append(
            Section(
                "Empathy map",
                (),
                "empathy",
                kind="empathy",
                accent=colour,
                fill=style.tint(colour, 0.95),
                wide=True,
                quadrants=quadrants,
            )
        )
    demographics = [(k, str(v).strip()) for k, v in persona.demographics.items() if str(v).strip()]
    if demographics:
        sections.append(_labelled("Demographics", demographics, "demographics"))
    return sections


def _filled(items: list[str]) -> bool:
    return any(i.strip() for i in items)


def _labelled(title: str, pairs: list[tuple[str, str]], key: str) -> Section:
    return Section(
        title,
        tuple(v for _k, v in pairs),
        key,
        kind="labelled",
        labels=tuple(k for k, _v in pairs),
    )


# ------------------------------------------------------------------ measuring cards


def _title_height(ctx: DeckContext) -> float:
    return ctx.fonts.line_height(TITLE_SIZE) + 2


def _indent(size: float) -> float:
    """Room the bullet takes at `size`."""
    return round(size * 0.9, 1)


def _blocks(section: Section, size: float) -> list[fit.Block]:
    bold = section.kind == "labelled"  # measured all bold: the labels are
    return [fit.Block(section.rows or ("",), fit.TextStyle(bold=bold), paragraph_gap=ITEM_GAP)]


def _text_width(section: Section, width: float, size: float) -> float:
    """Width the card's text wraps in."""
    inner = width - 2 * PAD
    return inner - _indent(size) if _bulleted(section) else inner


def _bulleted(section: Section) -> bool:
    return section.kind == "list" and len(section.items) > 1


def _tag_size(size: float) -> float:
    return max(ITEM_MIN, min(size - 1, TAG_MAX))


def _body_need(ctx: DeckContext, section: Section, width: float, size: float) -> float:
    """Height the card's text needs at `size` in a card `width` wide."""
    if section.kind == "tags":
        return plan_tags(ctx, list(section.items), width - 2 * PAD, None, _tag_size(size)).height
    return fit.block_height(
        _blocks(section, size), ctx.fonts, size, _text_width(section, width, size)
    )


def _need(ctx: DeckContext, section: Section, width: float, size: float) -> float:
    """Height the whole card needs at `size` (the empathy map: its four quadrants)."""
    if section.kind == "empathy":
        qw = (width - 4) / 2
        heights = [_need(ctx, Section(t, items, ""), qw, size) for t, items in section.quadrants]
        return max(heights[0], heights[1]) + 4 + max(heights[2], heights[3])
    body = max(_body_need(ctx, section, width, size), ctx.fonts.line_height(size))
    return TOP + _title_height(ctx) + UNDER_TITLE + body + BOTTOM


# ------------------------------------------------------------------ arranging cards in an area


def _partition(needs: list[float], k: int) -> list[list[int]]:
    """Cards (in order) split into `k` columns, keeping their order, with the tallest column as
    short as it can be."""
    n = len(needs)
    k = max(1, min(k, n))

    def height(i: int, j: int) -> float:
        return sum(needs[i:j]) + GAP * (j - i - 1)

    # best[j][c]: the tallest column when the first j cards fill c columns, and where the last starts.
    best: dict[tuple[int, int], tuple[float, int]] = {(0, 0): (0.0, 0)}
    for c in range(1, k + 1):
        for j in range(c, n + 1):
            options = [
                (max(best[(i, c - 1)][0], height(i, j)), i)
                for i in range(c - 1, j)
                if (i, c - 1) in best
            ]
            if options:
                best[(j, c)] = min(options)
    columns = []
    j = n
    for c in range(k, 0, -1):
        i = best[(j, c)][1]
        columns.append(list(range(i, j)))
        j = i
    return columns[::-1]


def _arrange(
    ctx: DeckContext, sections: list[Section], w: float, h: float, low: float
) -> Arrangement | None:
    """The largest text size (ITEM_MAX down to `low`) at which the cards fit `w` x `h`, in as
    many columns as suit their number; None if they do not fit at `low`."""
    normal = [i for i, s in enumerate(sections) if not s.wide]
    wide = [i for i, s in enumerate(sections) if s.wide]
    fitting = int((w + GAP) // (MIN_CARD_WIDTH + GAP))
    max_k = max(1, min(len(normal), fitting))
    target = 1 if len(normal) <= 1 else 2 if len(normal) <= 4 else 3
    for size in _steps(ITEM_MAX, low):
        wide_h = sum(_need(ctx, sections[i], w, size) for i in wide) + GAP * max(0, len(wide) - 1)
        found: list[tuple[int, list[list[int]]]] = []
        for k in range(1, max_k + 1) if normal else [0]:
            columns: list[list[int]] = []
            cols_h = 0.0
            if k:
                cw = (w - GAP * (k - 1)) / k
                needs = [_need(ctx, sections[i], cw, size) for i in normal]
                parts = _partition(needs, k)
                columns = [[normal[p] for p in part] for part in parts]
                cols_h = max(sum(needs[p] for p in part) + GAP * (len(part) - 1) for part in parts)
            total = cols_h + wide_h + (GAP if normal and wide else 0)
            if total <= h:
                found.append((k, columns))
        if found:
            _k, columns = min(found, key=lambda f: (abs(f[0] - target), -f[0]))
            return Arrangement(size, columns, wide)
    return None


def _place(
    ctx: DeckContext,
    sections: list[Section],
    arr: Arrangement,
    x: float,
    y: float,
    w: float,
    h: float,
) -> None:
    """Card boxes filling the area: columns end level, the spare height shared by the columns
    and the empathy map in proportion to what they need (channels keep their height unless
    nothing else is there)."""
    size = arr.size
    k = len(arr.columns)
    cw = (w - GAP * (k - 1)) / k if k else w
    col_needs = [[_need(ctx, sections[i], cw, size) for i in col] for col in arr.columns]
    cols_h = max((sum(n) + GAP * (len(n) - 1) for n in col_needs), default=0.0)
    wide_needs = [_need(ctx, sections[i], w, size) for i in arr.wide]
    total = cols_h + sum(wide_needs) + GAP * max(0, len(wide_needs) - 1)
    total += GAP if k and arr.wide else 0
    if total > h:
        # A section too long for any slide (placed at ITEM_MIN, shortened): it takes the area.
        arr.boxes = [(i, x, y, w, h) for i in [*(c for col in arr.columns for c in col), *arr.wide]]
        return
    spare = h - total
    stretch = [sections[i].kind != "tags" or (not k and len(arr.wide) == 1) for i in arr.wide]
    weights = [cols_h if k else 0.0] + [
        n if s else 0.0 for n, s in zip(wide_needs, stretch, strict=True)
    ]
    if not any(weights):
        weights = [cols_h] + list(wide_needs)
    unit = spare / sum(weights) if sum(weights) else 0.0
    area_h = cols_h + weights[0] * unit
    arr.boxes = []
    for c, (col, needs) in enumerate(zip(arr.columns, col_needs, strict=True)):
        cx = x + c * (cw + GAP)
        room = area_h - GAP * (len(col) - 1)
        scale = room / sum(needs) if sum(needs) else 1.0
        cy = y
        for i, need in zip(col, needs, strict=True):
            arr.boxes.append((i, cx, cy, cw, need * scale))
            cy += need * scale + GAP
    wy = y + (area_h + GAP if k else 0.0)
    for i, need, weight in zip(arr.wide, wide_needs, weights[1:], strict=True):
        wh = need + weight * unit
        arr.boxes.append((i, x, wy, w, wh))
        wy += wh + GAP


def _paginate(
    ctx: DeckContext,
    sections: list[Section],
    first: tuple[float, float],
    full: tuple[float, float],
) -> list[tuple[list[Section], Arrangement | None]]:
    """Sections over slides: the first slide (beside the panel, area `first` = w, h) takes as
    many as fit at ITEM_MIN or more, each further slide (area `full`) as many again. A section
    too long for a whole slide is set at ITEM_MIN and shortened, its full text in the notes."""
    pages: list[tuple[list[Section], Arrangement | None]] = []
    rest = list(sections)
    area = first
    while rest:
        placed = None
        for n in range(len(rest), 0, -1):
            arr = _arrange(ctx, rest[:n], *area, ITEM_MIN)
            if arr is not None:
                placed = (rest[:n], arr)
                break
        # Too long for the space beside the panel, not for a slide: it starts the next slide.
        beside_panel = not pages and area != full
        if placed is None and beside_panel and _arrange(ctx, rest[:1], *full, ITEM_MIN):
            pages.append(([], None))
            area = full
            continue
        if placed is None:
            one = rest[:1]
            arr = _arrange(ctx, one, *area, ITEM_MIN) or Arrangement(
                ITEM_MIN, [[0]] if not one[0].wide else [], [0] if one[0].wide else []
            )
            placed = (one, arr)
        pages.append(placed)
        rest = rest[len(placed[0]) :]
        area = full
    if len(pages) > 1 and all(page and arr for page, arr in pages):
        pages = _balanced(ctx, sections, len(pages), first, full) or pages
    return pages or [([], None)]


def _balanced(
    ctx: DeckContext,
    sections: list[Section],
    count: int,
    first: tuple[float, float],
    full: tuple[float, float],
) -> list[tuple[list[Section], Arrangement | None]] | None:
    """The sections cut into `count` slides (in order) so that the smallest text size of any
    slide is as large as it can be: a full first slide at 10 pt and a half-empty second one
    become two at one readable size."""
    from itertools import combinations

    best: tuple[tuple[float, float], list] | None = None
    for cuts in combinations(range(1, len(sections)), count - 1):
        bounds = [0, *cuts, len(sections)]
        pages = []
        for n in range(count):
            part = sections[bounds[n] : bounds[n + 1]]
            arr = _arrange(ctx, part, *(first if n == 0 else full), ITEM_MIN)
            if arr is None:
                break
            pages.append((part, arr))
        else:
            sizes = [arr.size for _part, arr in pages]
            # The smallest size first; then the first slide's, which shows the panel too.
            score = (min(sizes), sizes[0])
            if best is None or score > best[0]:
                best = (score, pages)
    return best[1] if best else None


# ------------------------------------------------------------------ the slides


@dataclass(frozen=True)
class Profile:
    """What every part of a persona slide shares: the persona, its colour and the slide's notes."""

    persona: Persona
    colour: str
    notes: Notes


def build_persona_slide(ctx: DeckContext, persona: Persona) -> None:
    """A persona's profile: the panel (quote, description, demographics when they fit) and
    the cards beside it, continued on further slides rather than set below ITEM_MIN."""
    colour = ctx.colour(persona.id)
    kind = kind_label(persona.kind).tag
    sections = persona_sections(persona, colour)
    top, bottom = ctx.body_top, ctx.bottom - 6
    height = bottom - top
    panel, sections, panel_w = _panel_content(ctx, persona, sections, height)
    right_x = ctx.left + (panel_w + GAP if panel_w else 0.0)
    first_area = (ctx.right - right_x, height)
    pages = _paginate(ctx, sections, first_area, (ctx.content_width, height))
    for number, (page_sections, arr) in enumerate(pages):
        first = number == 0
        slide, canvas, profile = _start_slide(ctx, persona, colour, kind, continued=not first)
        if first and panel.shown:
            w = panel_w if page_sections else ctx.content_width
            _panel(ctx, canvas, profile, panel, w, top, height)
        if first and not panel.shown and not page_sections:
            _no_profile(ctx, canvas, persona, top, height)
        if arr is not None and page_sections:
            x = right_x if first else ctx.left
            w = ctx.right - x
            _place(ctx, page_sections, arr, x, top, w, height)
            for i, bx, by, bw, bh in arr.boxes:
                _draw(ctx, canvas, profile, page_sections[i], bx, by, bw, bh, arr.size)
        footer(ctx, canvas, _profile_footer(ctx, persona, kind))
        canvas.flush()
        _add_sources(profile, persona, page_sections, first)
        if len(pages) > 1:
            profile.notes.lines.append(f"Slide {number + 1} of {len(pages)} of this profile.")
        set_notes(slide, profile.notes)


def _no_profile(
    ctx: DeckContext, canvas: Canvas, persona: Persona, top: float, height: float
) -> None:
    """A persona known by name (and role) only, as a board gives it: say so, and how to add the
    rest, instead of leaving the slide blank."""
    source = ctx.file_name(persona.source) or "The workshop"
    maps = [j.name for j in ctx.workspace.maps_for(persona.id)]
    known = "name and role" if persona.role else "name"
    w = min(ctx.content_width, 520.0)
    x = ctx.left + (ctx.content_width - w) / 2
    h = min(height, 190.0)
    y = top + (height - h) / 3
    canvas.box(x, y, w, h, fill="F8FAFC", line=style.RULE, line_width=0.5, name="No profile")
    paras = [
        Para([Run("No profile yet", 18, bold=True, colour=style.INK)]),
        Para(
            [
                Run(
                    f"{source} gives this persona's {known} only. Goals, pain points and "
                    "behaviours are what let a map be read from its point of view: add them on "
                    "a Personas sheet (Goals, Pain points, Behaviours columns) and run "
                    "mapbridge build again.",
                    14,
                    colour=style.INK_SOFT,
                )
            ],
            space_before=8,
        ),
    ]
    if maps:
        paras.append(
            Para(
                [Run("Appears on: " + ", ".join(dict.fromkeys(maps)), 12, colour=style.MUTED)],
                space_before=8,
            )
        )
    canvas.text(x + 20, y + 16, w - 40, h - 32, paras, anchor="ctr", name="No profile text")


def _start_slide(
    ctx: DeckContext, persona: Persona, colour: str, kind: str, continued: bool
) -> tuple[object, Canvas, Profile]:
    """A new persona slide with its header (name, role, kind badge) and its notes started."""
    title = f"{persona.name} (continued)" if continued else persona.name
    slide, canvas = ctx.new_slide(
        "content",
        SlideInfo("persona-continued" if continued else "persona", title, [persona.id]),
    )
    # With no role, the subtitle says what the slide is; "Kind not stated" alone would not.
    unstated = persona.kind == "unspecified"
    subtitle = persona.role or (
        f"Persona · {kind_label(persona.kind).listing}" if unstated else kind
    )
    header(
        ctx,
        slide,
        canvas,
        title,
        subtitle,
        persona=persona,
        accent=colour,
        right_note="Persona profile" if persona.kind == "research" else "",
    )
    what = "persona profile, continued" if continued else "persona profile"
    notes = Notes(f"{persona.name}: {what} ({kind.lower()})")
    if persona.role:
        notes.lines.append(f"Role: {persona.role}")
    return slide, canvas, Profile(persona, colour, notes)


def _add_sources(profile: Profile, persona: Persona, sections: list[Section], first: bool) -> None:
    """Source cells: every field's on the first slide (as before), a continued slide's own."""
    keys = {s.field for s in sections}
    for key, ref in persona.sources.items():
        if first or key in keys or key.split(".")[0] in keys:
            profile.notes.sources.append(f"• {key}: {ref}")


# ------------------------------------------------------------------ the panel


@dataclass(frozen=True)
class PanelContent:
    """What the persona panel shows: the quote, the description and (label, value) details."""

    quote: str = ""
    description: str = ""
    details: tuple[tuple[str, str], ...] = ()

    @property
    def shown(self) -> bool:
        return bool(self.quote or self.description)

    @property
    def detail_rows(self) -> tuple[str, ...]:
        return tuple(f"{label}: {value}" for label, value in self.details)


@dataclass(frozen=True)
class PanelPlan:
    """Sizes of the panel's quote, description and details, and whether they fit together."""

    quote: float
    description: float
    details: float
    fits: bool


#: Room around the panel's text (pt): its side insets and above and below.
PANEL_SIDES = 32.0
PANEL_ENDS = 32.0
QUOTE_GAP = 14.0
DETAILS_GAP = 16.0
DETAILS_MAX = 12.0
DESCRIPTION_WEIGHT = 2.5


def _panel_content(
    ctx: DeckContext, persona: Persona, sections: list[Section], height: float
) -> tuple[PanelContent, list[Section], float]:
    """The panel's content and width and the cards left for the grid: demographics join the
    panel when they fit under the quote and description; a description too long for the panel
    becomes the first card."""
    panel = PanelContent(_quote(persona), persona.description.strip())
    if not panel.shown:
        return panel, sections, 0.0
    demographics = next((s for s in sections if s.field == "demographics"), None)
    others = [s for s in sections if s is not demographics]
    if not others:
        width = ctx.content_width
    else:
        share = PANEL_SHARE_SPARSE if len(others) <= 2 else PANEL_SHARE
        width = round(ctx.content_width * share)
    if demographics is not None:
        # Only where the quote and description keep the sizes they have without them.
        details = tuple(zip(demographics.labels, demographics.items, strict=True))
        alone = _panel_plan(ctx, panel, width, height)
        joined = _panel_plan(ctx, replace(panel, details=details), width, height)
        if joined.fits and (joined.quote, joined.description) == (alone.quote, alone.description):
            panel, sections = replace(panel, details=details), others
    if sections and panel.description and not _panel_plan(ctx, panel, width, height).fits:
        card = Section("Description", (panel.description,), "description", kind="text")
        sections = [card, *sections]
        panel = replace(panel, description="")
    return panel, sections, width if sections else ctx.content_width


def _quote(persona: Persona) -> str:
    text = _unquote(persona.quote)
    return f"“{text}”" if text else ""


def _panel_inner(width: float) -> float:
    return min(width - PANEL_SIDES, 720.0)


def _panel_plan(ctx: DeckContext, panel: PanelContent, width: float, height: float) -> PanelPlan:
    """The sizes of quote, description (under the quote, up to DESCRIPTION_MAX) and details (up
    to DETAILS_MAX) that fit the panel together, the quote as large as the description allows:
    a point of description counts as much as DESCRIPTION_WEIGHT points of quote, so a long
    quote does not crowd the description down to the minimum."""
    inner_w, room = _panel_inner(width), height - PANEL_ENDS
    quote, description, rows = panel.quote, panel.description, panel.detail_rows
    italic, bold = fit.TextStyle(italic=True), fit.TextStyle(bold=True)
    gap = QUOTE_GAP if quote and description else 0.0
    best: tuple[float, PanelPlan] | None = None
    for q in _steps(QUOTE_MAX, QUOTE_MIN) if quote else [0.0]:
        quote_h = _height(ctx, [quote], q, inner_w, italic) if quote else 0.0
        if quote_h > room:
            continue
        d_top = min(DESCRIPTION_MAX, q - 2) if quote else DESCRIPTION_MAX
        for d in _steps(d_top, ITEM_MIN) if description else [0.0]:
            desc_h = _height(ctx, [description], d, inner_w) if description else 0.0
            left = room - quote_h - gap - desc_h
            if left < 0:
                continue
            m = 0.0
            if rows:
                m = next(
                    (
                        m
                        for m in _steps(min(DETAILS_MAX, d or DETAILS_MAX), ITEM_MIN)
                        if _height(ctx, list(rows), m, inner_w, bold) + DETAILS_GAP <= left
                    ),
                    -1.0,
                )
                if m < 0:
                    continue
            score = q + DESCRIPTION_WEIGHT * d + m
            if best is None or score > best[0]:
                best = (score, PanelPlan(q, d, m, True))
            break  # smaller descriptions at this quote size only score less
    return best[1] if best else PanelPlan(QUOTE_MIN, ITEM_MIN, ITEM_MIN, False)


def _steps(high: float, low: float) -> list[float]:
    """Sizes from `high` down to `low` in half points."""
    sizes = []
    s = high
    while s >= low - 1e-9:
        sizes.append(s)
        s -= 0.5
    return sizes


def _height(
    ctx: DeckContext, texts: list[str], size: float, width: float, text_style=fit.PLAIN
) -> float:
    return fit.block_height([fit.Block(tuple(texts), text_style)], ctx.fonts, size, width)


def _panel(
    ctx: DeckContext,
    canvas: Canvas,
    profile: Profile,
    panel: PanelContent,
    width: float,
    top: float,
    height: float,
) -> None:
    """The left panel in the persona's tint: the quote, large and in the persona's colour, and
    the description under it, the pair centred in the panel's height; details at its foot."""
    persona, colour, notes = profile.persona, profile.colour, profile.notes
    x = ctx.left
    canvas.box(
        x, top, width, height, fill=style.tint(colour, 0.92), line=None, name="Persona panel"
    )
    canvas.box(x, top, 4, height, fill=colour, line=None, name="Persona edge")
    inner_x, inner_w = x + 18, _panel_inner(width)
    room = height - PANEL_ENDS
    plan = _panel_plan(ctx, panel, width, height)
    quote, description, rows = panel.quote, panel.description, panel.detail_rows
    italic = fit.TextStyle(italic=True)
    quote_h = _height(ctx, [quote], plan.quote, inner_w, italic) if quote else 0.0
    desc_h = _height(ctx, [description], plan.description, inner_w) if description else 0.0
    rows_h = (
        _height(ctx, list(rows), plan.details, inner_w, fit.TextStyle(bold=True)) if rows else 0.0
    )
    gap = QUOTE_GAP if quote and description else 0.0
    foot = rows_h + DETAILS_GAP if rows else 0.0
    used = min(room - foot, quote_h + gap + desc_h)
    cursor = top + PANEL_ENDS / 2 + max(0.0, room - foot - used) * 0.45
    if quote:
        shown_h = min(quote_h, room - foot)
        paras, cut = _paras(ctx, [quote], inner_w, shown_h, plan.quote, colour, italic=True)
        canvas.text(inner_x, cursor, inner_w, shown_h, paras, name="Quote")
        if cut:
            notes.add_shortened(
                f"{persona.name} · quote", persona.sources.get("quote"), persona.quote
            )
        cursor += shown_h + gap
    if description:
        shown_h = max(0.0, min(desc_h, top + PANEL_ENDS / 2 + room - foot - cursor))
        paras, cut = _paras(ctx, [description], inner_w, shown_h, plan.description, style.INK_SOFT)
        canvas.text(inner_x, cursor, inner_w, shown_h, paras, name="Description")
        if cut:
            notes.add_shortened(
                f"{persona.name} · description", persona.sources.get("description"), description
            )
    if rows:
        ry = top + height - PANEL_ENDS / 2 - rows_h
        canvas.line(
            inner_x,
            ry - DETAILS_GAP / 2,
            inner_x + inner_w,
            ry - DETAILS_GAP / 2,
            style.tint(colour, 0.6),
            0.5,
            name="Rule",
        )
        paras = [
            Para(_labelled_runs(label, row, plan.details))
            for (label, _value), row in zip(panel.details, rows, strict=True)
        ]
        canvas.text(inner_x, ry, inner_w, rows_h, paras, name="Demographics")


def _paras(
    ctx: DeckContext,
    texts: list[str],
    width: float,
    height: float,
    size: float,
    colour: str,
    *,
    italic: bool = False,
) -> tuple[list[Para], bool]:
    """One paragraph per text at `size`, shortened with "…" if they do not fit `height`."""
    text_style = fit.TextStyle(italic=italic)
    # `height` is often exactly what the text was measured to need: a hair more keeps a
    # rounding error from costing its last line.
    shown, cut = fit.fit_paragraphs(ctx.fonts, texts, width, height + 0.01, size, text_style)
    paras = [Para([Run(t, size, italic=italic, colour=colour)]) for t in shown]
    return paras, cut


# ------------------------------------------------------------------ the cards


def _draw(
    ctx: DeckContext,
    canvas: Canvas,
    profile: Profile,
    section: Section,
    x: float,
    y: float,
    w: float,
    h: float,
    size: float,
) -> None:
    if section.kind == "empathy":
        _empathy_map(ctx, canvas, profile, section, x, y, w, h, size)
        return
    _card(ctx, canvas, profile, section, x, y, w, h, size)


def _card(
    ctx: DeckContext,
    canvas: Canvas,
    profile: Profile,
    section: Section,
    x: float,
    y: float,
    w: float,
    h: float,
    size: float,
) -> None:
    """A titled card: its items as a bulleted list, a labelled list or tags, at `size`."""
    persona = profile.persona
    canvas.box(
        x, y, w, h, fill=section.fill, line=style.RULE, line_width=0.5, name=f"Card {section.title}"
    )
    title_h = _title_height(ctx)
    canvas.text(
        x + PAD,
        y + TOP,
        w - 2 * PAD,
        title_h,
        [Para([Run(section.title, TITLE_SIZE, bold=True, colour=section.accent, caps=True)])],
        anchor="ctr",
        name=f"Card title {section.title}",
    )
    body_y = y + TOP + title_h + UNDER_TITLE
    body_h = max(0.0, y + h - BOTTOM - body_y)
    if section.kind == "tags":
        _tags(ctx, canvas, profile, section, x + PAD, body_y, w - 2 * PAD, body_h, size)
        return
    if not section.items:
        return
    paras, cut = _card_paras(ctx, section, w, body_h, size)
    canvas.text(x + PAD, body_y, w - 2 * PAD, body_h, paras, name=f"Card text {section.title}")
    if cut:
        where = f"{persona.name} · {section.title}"
        profile.notes.add_shortened(
            where, persona.sources.get(section.field), "; ".join(section.rows)
        )


def _card_paras(
    ctx: DeckContext, section: Section, w: float, height: float, size: float
) -> tuple[list[Para], bool]:
    """The card's paragraphs at `size`: all of them with room between items when they fit,
    else packed and the last shown one cut with "…"."""
    width = _text_width(section, w, size)
    labelled = section.kind == "labelled"
    text_style = fit.TextStyle(bold=labelled)
    rows = list(section.rows)
    gap = 0.0
    if fit.block_height(_blocks(section, size), ctx.fonts, size, width) <= height:
        shown, cut = rows, False
        gap = ctx.fonts.line_height(size) * ITEM_GAP
    else:
        shown, cut = fit.fit_paragraphs(ctx.fonts, rows, width, height, size, text_style)
    bulleted = _bulleted(section)
    paras = []
    for n, text in enumerate(shown):
        if labelled:
            runs = _labelled_runs(section.labels[n], text, size)
        else:
            runs = [Run(text, size, colour=style.INK)]
        paras.append(
            Para(
                runs,
                bullet="•" if bulleted else None,
                bullet_colour=section.accent if bulleted else None,
                indent=_indent(size) if bulleted else 0.0,
                space_before=gap if n else 0.0,
            )
        )
    return paras, cut


def _labelled_runs(label: str, text: str, size: float) -> list[Run]:
    """ "Label: value" as a bold label and the value (the text may be cut short inside either)."""
    head = f"{label}: "
    if not text.startswith(head):
        return [Run(text, size, bold=True, colour=style.INK)]
    value = text[len(head) :]
    runs = [Run(head, size, bold=True, colour=style.INK)]
    if value:
        runs.append(Run(value, size, colour=style.INK))
    return runs


def _tags(
    ctx: DeckContext,
    canvas: Canvas,
    profile: Profile,
    section: Section,
    x: float,
    y: float,
    w: float,
    h: float,
    size: float,
) -> None:
    """The channels as pills flowing in the card; those that do not fit become "+N" (notes)."""
    persona = profile.persona
    tag_size = _tag_size(size)
    room = max(h, pill_height(ctx, tag_size))
    plan = plan_tags(ctx, list(section.items), w, room, tag_size)
    for text, px, py, pw, ph in plan.pills:
        canvas.box(
            x + px,
            y + py,
            pw,
            ph,
            [Para([Run(text, tag_size, colour=style.INK_SOFT)], align="ctr")],
            fill=style.TAG_FILL,
            line=style.TAG_EDGE,
            line_width=0.5,
            geom="roundRect",
            adjust=50000,
            inset=(5, 0, 5, 0),
            anchor="ctr",
            name="Channel tag",
        )
    if plan.hidden or any(t != s for (t, *_r), s in zip(plan.pills, section.items, strict=False)):
        profile.notes.add_shortened(
            f"{persona.name} · channels", persona.sources.get("channels"), ", ".join(section.items)
        )


def _empathy_map(
    ctx: DeckContext,
    canvas: Canvas,
    profile: Profile,
    section: Section,
    x: float,
    y: float,
    w: float,
    h: float,
    size: float,
) -> None:
    """Says, thinks, does, feels as four quadrants with the map's name where they meet."""
    colour = profile.colour
    qw = (w - 4) / 2
    qh = (h - 4) / 2
    for n, (title, items) in enumerate(section.quadrants):
        quadrant = Section(
            title, items, f"empathy.{title.lower()}", accent=colour, fill=section.fill
        )
        _card(
            ctx,
            canvas,
            profile,
            quadrant,
            x + (n % 2) * (qw + 4),
            y + (n // 2) * (qh + 4),
            qw,
            qh,
            size,
        )
    label_size = 10.0
    label_w = ctx.fonts.width("Empathy map".upper(), label_size, bold=True) / fit.WIDTH_SLACK + 24
    canvas.box(
        x + qw + 2 - label_w / 2,
        y + qh + 2 - 11,
        label_w,
        22,
        [Para([Run("Empathy map", label_size, bold=True, colour=colour, caps=True)], align="ctr")],
        fill=style.WHITE,
        line=colour,
        line_width=0.75,
        geom="roundRect",
        adjust=50000,
        inset=(2, 0, 2, 0),
        anchor="ctr",
        name="Empathy label",
    )


def _profile_footer(ctx: DeckContext, persona: Persona, kind: str) -> str:
    """The footer: source, kind, owner and review dates."""
    parts = [ctx.file_name(persona.source), kind]
    if persona.owner:
        parts.append(f"owner {persona.owner}")
    if persona.last_reviewed:
        parts.append(f"last reviewed {format_date(persona.last_reviewed)}")
    if persona.last_updated:
        parts.append(f"updated {format_date(persona.last_updated)}")
    if persona.review_every_days:
        parts.append(f"review every {persona.review_every_days} days")
    return " · ".join(p for p in parts if p)


def _unquote(text: str) -> str:
    return text.strip().strip('“”"«»„ ')
