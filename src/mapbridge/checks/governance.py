"""Rules about keeping personas and maps connected: reviews, owners, triggers."""

from __future__ import annotations

from mapbridge.checks.context import Findings, join_words, map_label, map_ref, persona_ref, plural
from mapbridge.model import Journey, Persona, Review, Workspace, slugify


def _age(found: Findings, review: Review) -> str | None:
    """Why an item is stale, or None when it is within its cadence (future dates are not stale).

    The message names dates, not "N days ago", so the same finding reads the same every day
    (the tracker recognises findings by their text).
    """
    if review.last_reviewed is None or review.next_due is None:
        return "has never been reviewed"
    if review.overdue(found.today):
        return (
            f"was last reviewed on {review.last_reviewed.isoformat()}; with a "
            f"{review.every_days}-day cadence the next review was due on "
            f"{review.next_due.isoformat()}"
        )
    return None


def _none_tracked(items: list[Persona] | list[Journey], field: str) -> bool:
    """True when two or more items exist and none of them has a value for `field`.

    That is an input that does not track the field at all (a Mermaid file, a workbook without
    the column): one finding says so better than one per persona or map.
    """
    return len(items) >= 2 and not any(
        (value.strip() if isinstance(value := getattr(item, field), str) else value)
        for item in items
    )


def stale_items(found: Findings) -> None:
    """MB109, MB110: personas and maps never reviewed, or reviewed longer ago than their cadence."""
    workspace = found.workspace
    default = found.config.review_every_for(workspace)
    personas_untracked = _none_tracked(workspace.personas, "last_reviewed")
    maps_untracked = _none_tracked(workspace.journeys, "last_reviewed")
    if personas_untracked:
        found.add(
            "MB109",
            f"None of the {len(workspace.personas)} personas has a review date.",
            persona_ref(workspace.personas[0], "last_reviewed"),
            "Add a Last reviewed column to the Personas sheet (or persona rows on a Reviews "
            "sheet), and review each persona with its maps.",
        )
    if maps_untracked:
        found.add(
            "MB110",
            f"None of the {len(workspace.journeys)} maps has a review date.",
            map_ref(workspace.journeys[0], "last_reviewed"),
            "Add a Last reviewed column to the journey sheet (or map rows on a Reviews sheet), "
            "and review each map with its persona.",
        )
    for persona in [] if personas_untracked else workspace.personas:
        why = _age(found, persona.review(default))
        if why:
            found.add(
                "MB109",
                f'"{persona.name}" {why}.',
                persona_ref(persona, "last_reviewed"),
                about=persona,
            )
    for journey in [] if maps_untracked else workspace.journeys:
        why = _age(found, journey.review(default))
        if why:
            label = map_label(workspace, journey)
            found.add(
                "MB110",
                f"{label[:1].upper()}{label[1:]} {why}.",
                map_ref(journey, "last_reviewed"),
                about=journey,
            )


def persona_changed_after_review(found: Findings) -> None:
    """MB111: a persona was updated after a map built on it was last reviewed."""
    workspace = found.workspace
    for journey in workspace.journeys:
        persona = workspace.persona(journey.persona_id)
        if persona is None or persona.last_updated is None:
            continue
        link = workspace.connection(persona.id, journey.id)
        reviews = [d for d in (journey.last_reviewed, link.last_reviewed if link else None) if d]
        if not reviews:
            continue  # never reviewed: MB110 says so
        reviewed = max(reviews)
        if persona.last_updated > reviewed:
            found.add(
                "MB111",
                f'"{persona.name}" changed on {persona.last_updated.isoformat()}, after '
                f'{persona.name}\'s map "{journey.name}" was last reviewed '
                f"({reviewed.isoformat()}).",
                map_ref(journey, "last_reviewed"),
                about=journey,
            )


def missing_owners(found: Findings) -> None:
    """MB112: personas, maps and persona-map links without a named owner."""
    workspace = found.workspace
    # An input that records no owners at all gets one finding per kind, not one per item.
    if _none_tracked(workspace.personas, "owner"):
        found.add(
            "MB112",
            f"None of the {len(workspace.personas)} personas has an owner.",
            persona_ref(workspace.personas[0], "owner"),
            "Add an Owner column to the Personas sheet: who keeps each persona up to date.",
        )
    if _none_tracked(workspace.journeys, "owner"):
        found.add(
            "MB112",
            f"None of the {len(workspace.journeys)} maps has an owner.",
            map_ref(workspace.journeys[0], "owner"),
            "Add a Map owner column (or an Owner line above a grid): who keeps each map up to "
            "date.",
        )
    for persona in [] if _none_tracked(workspace.personas, "owner") else workspace.personas:
        if not persona.owner.strip():
            found.add(
                "MB112",
                f'Persona "{persona.name}" has no owner.',
                persona_ref(persona, "owner"),
                "Name the person or team who keeps the persona up to date (an Owner column).",
                about=persona,
            )
    for journey in [] if _none_tracked(workspace.journeys, "owner") else workspace.journeys:
        if not journey.owner.strip():
            label = map_label(workspace, journey)
            found.add(
                "MB112",
                f"{label[:1].upper()}{label[1:]} has no owner.",
                map_ref(journey, "owner"),
                "Name the person or team who keeps the map up to date.",
                about=journey,
            )
    persona_maps = [j for j in workspace.journeys if workspace.persona(j.persona_id)]
    unowned = [
        j
        for j in persona_maps
        if not ((link := workspace.connection(j.persona_id or "", j.id)) and link.owner.strip())
    ]
    if not unowned:
        return
    if not workspace.connections:
        # A workbook that records no links at all gets one finding, not one per map.
        found.add(
            "MB112",
            f"None of the {plural(len(unowned), 'persona-map link')} has an owner: the workbook "
            "records no links between personas and maps.",
            map_ref(unowned[0]),
            "Add a Reviews sheet with Persona, Journey, Owner and Last reviewed columns, one row "
            "per persona and map, so someone keeps each persona and its maps in step.",
        )
        return
    for journey in unowned:
        persona = workspace.persona(journey.persona_id)
        assert persona is not None
        link = workspace.connection(persona.id, journey.id)
        found.add(
            "MB112",
            f'The link between "{persona.name}" and the map "{journey.name}" has no owner.',
            (link.source if link else None) or map_ref(journey),
            "Add a Reviews row with the persona, the journey and an Owner: who keeps the two in step.",
            about=journey,
        )


def _matches(name: str, item: Persona | Journey) -> bool:
    key = slugify(name)
    return key in {item.id, slugify(item.name)} or (isinstance(item, Journey) and key == item.key)


def pending_triggers(found: Findings) -> None:
    """MB118: a review trigger whose date has passed, not done, with items not reviewed since."""
    workspace = found.workspace
    for trigger in workspace.triggers:
        if trigger.done or trigger.when is None or trigger.when > found.today:
            continue
        items: list[Persona | Journey] = [*workspace.personas, *workspace.journeys]
        if trigger.affects:
            items = [i for i in items if any(_matches(a, i) for a in trigger.affects)]
        behind = [i for i in items if i.last_reviewed is None or i.last_reviewed < trigger.when]
        if trigger.affects and not items:
            what = f"it names {join_words(trigger.affects)}, which match no persona or map"
        elif not behind:
            if trigger.done is None:
                continue  # everything it affects was reviewed since: handled in practice
            what = "everything it affects was reviewed since; mark it done"
        else:
            what = "not reviewed since: " + _listing(workspace, behind)
        description = trigger.description or trigger.kind
        found.add(
            "MB118",
            f'Review trigger "{description}" ({trigger.when.isoformat()}) is not done; {what}.',
            trigger.source,
        )


def _listing(workspace: Workspace, items: list[Persona | Journey]) -> str:
    """`2 personas (Ana, Ben) and 1 map (Ana's map "Open an account")`, names cut after four."""
    parts = []
    personas = [i.name for i in items if isinstance(i, Persona)]
    if personas:
        shown = ", ".join(personas[:4]) + (", ..." if len(personas) > 4 else "")
        parts.append(f"{plural(len(personas), 'persona')} ({shown})")
    maps = [i for i in items if isinstance(i, Journey)]
    if maps:
        journeys = list(dict.fromkeys(f'"{j.name}"' for j in maps))
        if len(maps) == 1:
            parts.append(map_label(workspace, maps[0]))
        else:
            shown = ", ".join(journeys[:3]) + (", ..." if len(journeys) > 3 else "")
            parts.append(f"{plural(len(maps), 'map')} of {shown}")
    return " and ".join(parts)
