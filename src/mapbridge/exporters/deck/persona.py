"""The persona profile slide: who they are and their quote on the left; goals, pains, behaviours, channels and the empathy map on the right."""

from __future__ import annotations

from dataclasses import dataclass

from mapbridge.exporters.deck import fit, style
from mapbridge.exporters.deck.canvas import Canvas, Para, Run
from mapbridge.exporters.deck.context import DeckContext, Notes, SlideInfo, set_notes
from mapbridge.exporters.deck.fit import fitted_box_paras
from mapbridge.exporters.deck.header_footer import footer, format_date, header
from mapbridge.exporters.deck.lanes import plan_tags
from mapbridge.model import Persona, kind_label

#: Share of the content width the persona panel (quote, description) takes.
LEFT_SHARE = 0.32
GAP = 12.0


def _card(
    ctx: DeckContext,
    canvas: Canvas,
    x: float,
    y: float,
    w: float,
    h: float,
    title: str,
    items: list[str],
    notes: Notes,
    persona: Persona,
    field: str,
    *,
    accent: str = style.INK,
    fill: str = style.WHITE,
    max_size: float = 12.0,
    size: float | None = None,
) -> None:
    """A titled card with a bulleted list fitted to it (at `size` when the caller sets one size for several cards)."""
    canvas.box(x, y, w, h, fill=fill, line=style.RULE, line_width=0.5, name=f"Card {title}")
    canvas.text(
        x + 10,
        y + 7,
        w - 20,
        16,
        [Para([Run(title.upper(), 9.5, bold=True, colour=accent)])],
        anchor="ctr",
        name=f"Card title {title}",
    )
    paras, _size, cut = fitted_box_paras(
        ctx.fonts,
        items,
        w - 20,
        h - 34,
        max_size=size or max_size,
        min_size=size or fit.MIN_SIZE,
        colour=style.INK,
        bullet="•" if len(items) > 1 else None,
    )
    for para in paras:
        para.bullet_colour = accent
    canvas.text(x + 10, y + 27, w - 20, h - 32, paras, name=f"Card text {title}")
    if cut:
        notes.add_shortened(
            f"{persona.name} · {title}", persona.sources.get(field), "; ".join(items)
        )


@dataclass(frozen=True)
class Profile:
    """What every panel of a persona slide shares: the persona, its colour, the slide's notes and
    where the content area ends (pt)."""

    persona: Persona
    colour: str
    notes: Notes
    bottom: float


def build_persona_slide(ctx: DeckContext, persona: Persona) -> None:
    """A persona's profile: the persona panel on the left; cards, channels, empathy map right."""
    colour = ctx.colour(persona.id)
    slide, canvas = ctx.new_slide("content", SlideInfo("persona", persona.name, [persona.id]))
    kind = kind_label(persona.kind).tag
    # With no role, the subtitle says what the slide is; "Kind not stated" alone would not.
    unstated = persona.kind == "unspecified"
    subtitle = persona.role or (
        f"Persona · {kind_label(persona.kind).listing}" if unstated else kind
    )
    header(
        ctx,
        slide,
        canvas,
        persona.name,
        subtitle,
        persona=persona,
        accent=colour,
        right_note="Persona profile" if persona.kind == "research" else "",
    )
    notes = Notes(f"{persona.name}: persona profile ({kind.lower()})")
    if persona.role:
        notes.lines.append(f"Role: {persona.role}")
    profile = Profile(persona, colour, notes, ctx.bottom - 6)

    left_width = round(ctx.content_width * LEFT_SHARE)
    _persona_panel(ctx, canvas, profile, left_width)

    # Right: short lists as cards; channels as tags; the empathy map as four quadrants.
    rx = ctx.left + left_width + GAP
    rw = ctx.right - rx
    has_empathy = not persona.empathy_map.is_empty()
    channels_h = 0.0
    if persona.channels:
        channels_h = min(plan_tags(ctx, persona.channels, rw - 84, None, 10.0).height + 8, 64.0)
    cursor = _cards(ctx, canvas, profile, rx, rw, channels_h, has_empathy)
    if persona.channels:
        _channels(ctx, canvas, profile, rx, rw, cursor, channels_h)
        cursor += channels_h + (GAP if has_empathy else 0)
    if has_empathy:
        _empathy_map(ctx, canvas, profile, rx, rw, cursor)

    footer(ctx, canvas, _profile_footer(ctx, persona, kind))
    canvas.flush()
    for field, ref in persona.sources.items():
        notes.sources.append(f"• {field}: {ref}")
    set_notes(slide, notes)


def _persona_panel(ctx: DeckContext, canvas: Canvas, profile: Profile, width: float) -> None:
    """The left panel: the quote, large and in the persona's colour, the description, details."""
    persona, colour, notes, bottom = profile.persona, profile.colour, profile.notes, profile.bottom
    x, y = ctx.left, ctx.body_top
    left_h = bottom - y
    canvas.box(x, y, width, left_h, fill=style.tint(colour, 0.92), line=None, name="Persona panel")
    canvas.box(x, y, 4, left_h, fill=colour, line=None, name="Persona edge")
    inner_x, inner_w = x + 16, width - 28
    cursor = y + 14
    extras = [f"{k}: {v}" for k, v in persona.extra.items() if str(v).strip()]
    demographics = [f"{k}: {v}" for k, v in persona.demographics.items() if str(v).strip()]
    small = demographics + extras
    small_h = min(fit.text_height(len(small), ctx.fonts, 9) + 18, left_h * 0.3) if small else 0.0
    if persona.quote:
        quote_room = (left_h - 28 - small_h) * (0.55 if persona.description else 1.0)
        quote = f"“{_unquote(persona.quote)}”"
        paras, size, cut = fitted_box_paras(
            ctx.fonts,
            [quote],
            inner_w,
            quote_room,
            max_size=22.0,
            min_size=11.0,
            italic=True,
            colour=colour,
        )
        used = _used_height(ctx, paras, size, inner_w, italic=True)
        canvas.text(inner_x, cursor, inner_w, used, paras, name="Quote")
        if cut:
            notes.add_shortened(
                f"{persona.name} · quote", persona.sources.get("quote"), persona.quote
            )
        cursor += used + 14
    if persona.description:
        desc_h = bottom - cursor - small_h - 10
        paras, _size, cut = fitted_box_paras(
            ctx.fonts, [persona.description], inner_w, desc_h, max_size=12.0, colour=style.INK_SOFT
        )
        canvas.text(inner_x, cursor, inner_w, desc_h, paras, name="Description")
        if cut:
            notes.add_shortened(
                f"{persona.name} · description",
                persona.sources.get("description"),
                persona.description,
            )
    if small:
        sy = bottom - small_h - 4
        canvas.line(inner_x, sy, inner_x + inner_w, sy, style.tint(colour, 0.6), 0.5, name="Rule")
        paras, _size, cut = fitted_box_paras(
            ctx.fonts, small, inner_w, small_h - 8, max_size=9.0, colour=style.MUTED
        )
        canvas.text(inner_x, sy + 6, inner_w, small_h - 8, paras, name="Demographics")
        if cut:
            notes.add_shortened(f"{persona.name} · details", None, "; ".join(small))


def _cards(
    ctx: DeckContext,
    canvas: Canvas,
    profile: Profile,
    rx: float,
    rw: float,
    channels_h: float,
    has_empathy: bool,
) -> float:
    """Goals, pain points, motivations and behaviours as cards from the top of the right column,
    one text size for all; returns the y below them."""
    persona = profile.persona
    sections = [
        ("Goals", persona.goals, "goals", style.INK),
        ("Pain points", persona.pain_points, "pain_points", style.PAIN_EDGE),
        ("Motivations", persona.motivations, "motivations", style.INK),
        ("Behaviours", persona.behaviours, "behaviours", style.INK),
    ]
    sections = [s for s in sections if s[1]]
    if not sections:
        return ctx.body_top
    room = profile.bottom - ctx.body_top - channels_h - (GAP if channels_h else 0)
    wide = 4 if rw >= 560 else 2
    cols = min(len(sections), wide) if has_empathy else (1 if len(sections) == 1 else 2)
    rows_n = (len(sections) + cols - 1) // cols
    cw = (rw - GAP * (cols - 1)) / cols
    needs = [_card_need(ctx, items, cw) for _t, items, _f, _a in sections]
    row_hs = [max(needs[r * cols : (r + 1) * cols]) for r in range(rows_n)]
    limit = room * (0.6 if has_empathy else 1.0) - GAP * (rows_n - 1)
    # Sparse personas still get cards of a presentable size, not slivers.
    floor = min(limit / rows_n, 150.0 if has_empathy else 190.0)
    row_hs = [max(h, floor) for h in row_hs]
    if sum(row_hs) > limit:
        row_hs = [h * limit / sum(row_hs) for h in row_hs]
    cards_h = sum(row_hs) + GAP * (rows_n - 1)
    # One text size for every card, so the profile reads as one piece.
    card_size = min(
        _card_size(ctx, items, cw, row_hs[n // cols], 12.0)
        for n, (_t, items, _f, _a) in enumerate(sections)
    )
    for n, (title, items, field, accent) in enumerate(sections):
        r = n // cols
        cx = rx + (n % cols) * (cw + GAP)
        cy = ctx.body_top + sum(row_hs[:r]) + GAP * r
        fill = style.PAIN_FILL if field == "pain_points" else style.WHITE
        _card(
            ctx,
            canvas,
            cx,
            cy,
            cw,
            row_hs[r],
            title,
            items,
            profile.notes,
            persona,
            field,
            accent=accent,
            fill=fill,
            size=card_size,
        )
    return ctx.body_top + cards_h + GAP


def _channels(
    ctx: DeckContext,
    canvas: Canvas,
    profile: Profile,
    rx: float,
    rw: float,
    top: float,
    height: float,
) -> None:
    """The persona's channels as a row of tags from `top`."""
    persona = profile.persona
    canvas.text(
        rx,
        top,
        80,
        22,
        [Para([Run("CHANNELS", 9.5, bold=True, colour=style.INK)])],
        anchor="ctr",
        name="Channels label",
    )
    plan = plan_tags(ctx, persona.channels, rw - 84, height - 4, 10.0)
    for text, px, py, pw, ph in plan.pills:
        canvas.box(
            rx + 84 + px,
            top + 2 + py,
            pw,
            ph,
            [Para([Run(text, 10.0, colour=style.INK_SOFT)], align="ctr")],
            fill=style.TAG_FILL,
            line=style.TAG_EDGE,
            line_width=0.5,
            geom="roundRect",
            adjust=50000,
            inset=(5, 0, 5, 0),
            anchor="ctr",
            name="Channel tag",
        )
    if plan.hidden:
        profile.notes.add_shortened(
            f"{persona.name} · channels",
            persona.sources.get("channels"),
            ", ".join(persona.channels),
        )


def _empathy_map(
    ctx: DeckContext, canvas: Canvas, profile: Profile, rx: float, rw: float, top: float
) -> None:
    """Says, thinks, does, feels as four quadrants filling the column from `top` to the bottom,
    so it ends level with the left panel."""
    persona, colour = profile.persona, profile.colour
    empathy = persona.empathy_map
    qw = (rw - 4) / 2
    quadrants = [
        ("Says", empathy.says),
        ("Thinks", empathy.thinks),
        ("Does", empathy.does),
        ("Feels", empathy.feels),
    ]
    qh = (profile.bottom - top - 4) / 2
    quadrant_size = min(_card_size(ctx, items, qw, qh, 11.0) for _t, items in quadrants)
    for n, (title, items) in enumerate(quadrants):
        qx = rx + (n % 2) * (qw + 4)
        qy = top + (n // 2) * (qh + 4)
        _card(
            ctx,
            canvas,
            qx,
            qy,
            qw,
            qh,
            title,
            items or [],
            profile.notes,
            persona,
            f"empathy.{title.lower()}",
            accent=colour,
            fill=style.tint(colour, 0.95),
            max_size=11.0,
            size=quadrant_size,
        )
    canvas.box(
        rx + qw - 36,
        top + qh - 8,
        76,
        20,
        [Para([Run("EMPATHY MAP", 8.0, bold=True, colour=colour)], align="ctr")],
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
    parts = [ctx.source_name, kind]
    if persona.owner:
        parts.append(f"owner {persona.owner}")
    if persona.last_reviewed:
        parts.append(f"last reviewed {format_date(persona.last_reviewed)}")
    if persona.last_updated:
        parts.append(f"updated {format_date(persona.last_updated)}")
    if persona.review_every_days:
        parts.append(f"review every {persona.review_every_days} days")
    return " · ".join(p for p in parts if p)


def _card_size(ctx: DeckContext, items: list[str], w: float, h: float, max_size: float) -> float:
    """The largest size at which a card's items fit its text area."""
    indent = 9.0 if len(items) > 1 else 0.0
    blocks = [fit.Block(tuple(items) or ("",))]
    return fit.best_size([(blocks, w - 20 - indent, h - 34)], ctx.fonts, max_size)


def _card_need(ctx: DeckContext, items: list[str], width: float, size: float = 12.0) -> float:
    """Height a card needs to show its items at `size`, at least room for two lines."""
    blocks = [fit.Block(tuple(items) or ("",))]
    body = fit.block_height(blocks, ctx.fonts, size, width - 20 - (9 if len(items) > 1 else 0))
    return max(body, ctx.fonts.line_height(size) * 2) + 40


def _used_height(ctx: DeckContext, paras, size: float, width: float, italic: bool = False) -> float:
    """Height the fitted paragraphs take, so what follows can sit right below them."""
    block = fit.Block(tuple(p.text for p in paras), fit.TextStyle(italic=italic))
    return fit.block_height([block], ctx.fonts, size, width) + 4


def _unquote(text: str) -> str:
    return text.strip().strip('“”"«»„ ')
