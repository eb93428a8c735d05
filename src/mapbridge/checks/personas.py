"""Rules about the personas themselves: how many, how behavioural, how distinct, how validated."""

from __future__ import annotations

from pathlib import Path

from mapbridge.checks.context import Findings, join_words, map_ref, persona_ref, plural
from mapbridge.checks.similarity import name_similarity, profile_similarity, tokens
from mapbridge.model import Persona


def too_many_personas(found: Findings) -> None:
    """MB101: more personas than the limit, in the workspace or on one journey."""
    workspace, limit = found.workspace, found.config.max_personas
    personas = workspace.personas
    if len(personas) > limit:
        found.add(
            "MB101",
            f"The workspace has {len(personas)} personas; mapping journeys for more than "
            f"{limit} becomes unmanageable.",
            persona_ref(personas[limit]),
            f"Start with 3-5 core personas: merge similar ones or keep "
            f"{join_words([p.name for p in personas[limit:]][:3])}"
            f"{' and others' if len(personas) - limit > 3 else ''} for a later round.",
        )
    for journeys in workspace.journey_groups().values():
        persona_ids = list(dict.fromkeys(j.persona_id for j in journeys if j.persona_id))
        # When every persona is on this journey, the workspace finding already says it.
        if len(persona_ids) > limit and len(persona_ids) != len(personas):
            found.add(
                "MB101",
                f'"{journeys[0].name}" is mapped for {len(persona_ids)} personas; a comparison '
                f"of more than {limit} is hard to read.",
                map_ref(journeys[limit] if len(journeys) > limit else journeys[0]),
                "Start with 3-5 core personas on one journey; map the others separately later.",
            )


def _present(fields: list[str]) -> list[str]:
    return [f.replace("_", " ").strip().lower() for f in fields if f.strip()]


def _described(persona: Persona) -> bool:
    """Whether a persona has anything beyond its name and kind."""
    return bool(
        persona.goals
        or persona.pain_points
        or persona.behaviours
        or persona.motivations
        or persona.description
        or persona.demographics
        or not persona.empathy_map.is_empty()
    )


def demographic_or_empty_persona(found: Findings) -> None:
    """MB102 and MB117: personas with no behavioural content (demographics only, or nothing)."""
    personas = found.workspace.personas
    if len(personas) >= 2 and not any(_described(p) for p in personas):
        # Names only (a Mermaid file, a workbook without a Personas sheet): say it once.
        found.add(
            "MB117",
            f"None of the {len(personas)} personas has goals, pain points or behaviours: "
            "they are names only.",
            persona_ref(personas[0]),
            "Add a Personas sheet with Goals, Pain points and Behaviours columns.",
        )
        return
    for persona in personas:
        if persona.goals or persona.pain_points or persona.behaviours:
            continue
        demographics = _present([k for k, v in persona.demographics.items() if str(v).strip()])
        if demographics:
            found.add(
                "MB102",
                f'"{persona.name}" has {join_words(demographics)} but no goals, pain points or '
                "behaviours.",
                persona_ref(persona),
                about=persona,
            )
            continue
        has_other = persona.motivations or not persona.empathy_map.is_empty() or persona.description
        found.add(
            "MB117",
            f'"{persona.name}" has no goals, pain points or behaviours'
            + (" (only a description or motivations)." if has_other else "."),
            persona_ref(persona),
            about=persona,
        )


def proto_personas(found: Findings) -> None:
    """MB105: proto-personas in use, reported as information."""
    for persona in found.workspace.personas:
        if not persona.is_proto:
            continue
        maps = found.workspace.maps_for(persona.id)
        used = f" and appears on {plural(len(maps), 'map')}" if maps else ""
        found.add(
            "MB105",
            f'"{persona.name}" is a proto-persona (based on assumptions){used}; it is labelled as '
            "a hypothesis wherever it appears.",
            persona_ref(persona, "kind"),
            about=persona,
        )


def _kind_hint(source_file: str | None) -> str:
    """How to state a persona's kind in the kind of file the workspace was read from."""
    suffix = Path(source_file or "").suffix.lower()
    if suffix in (".mmd", ".md", ".markdown"):
        return (
            'Write "(research)", "(proto-persona)" or "(segment)" after an actor\'s name in the '
            'diagram, e.g. "Ana (proto-persona)".'
        )
    if suffix == ".json":
        return 'Set each persona\'s "kind" to "research", "proto" or "segment".'
    return ""


def unstated_kinds(found: Findings) -> None:
    """MB119: personas whose kind was never stated, reported as information (once if none say)."""
    personas = found.workspace.personas
    unstated = [p for p in personas if p.kind == "unspecified"]
    hint = _kind_hint(found.workspace.source_file)
    if len(unstated) >= 2 and len(unstated) == len(personas):
        # No Kind column at all (or a Mermaid file without kind labels): say it once.
        found.add(
            "MB119",
            f"None of the {len(personas)} personas says whether it is research-based, a "
            'proto-persona or a segment: each is shown as "kind not stated", never as research.',
            persona_ref(personas[0]),
            hint,
        )
        return
    for persona in unstated:
        found.add(
            "MB119",
            f'"{persona.name}" does not say whether it is research-based, a proto-persona or a '
            'segment; it is shown as "kind not stated", never as research.',
            persona_ref(persona, "kind"),
            hint,
            about=persona,
        )


def _first_name_of(a: Persona, b: Persona) -> bool:
    """ "Ben" and "Ben Okafor": one persona is named by the other's first name alone.

    Segments are left out: "Student" and "Student parent" are different segments.
    """
    if "segment" in (a.kind, b.kind):
        return False
    short, long = sorted((tokens(a.name), tokens(b.name)), key=len)
    return len(short) == 1 and len(long) > 1 and long[0] == short[0]


def near_duplicate_personas(found: Findings) -> None:
    """MB116: a persona with the same or a very similar name, or the same goals and pains, as an earlier one.

    Each persona is reported once, against the first earlier persona it duplicates, so five
    look-alike personas give four findings rather than ten.
    """
    personas = found.workspace.personas
    threshold = found.config.duplicate_similarity
    for index, second in enumerate(personas):
        for first in personas[:index]:
            where_first = persona_ref(first)
            earlier = f" ({where_first})" if where_first else ""
            same_name = tokens(first.name) == tokens(second.name)
            if (
                same_name
                or name_similarity(first, second) >= threshold
                or _first_name_of(first, second)
            ):
                how = "the same name as" if same_name else "a name very like"
                found.add(
                    "MB116",
                    f'"{second.name}" has {how} "{first.name}"{earlier}.',
                    persona_ref(second),
                    "Merge the two personas, or rename one so maps and decks tell them apart.",
                    about=second,
                )
                break
            profile = profile_similarity(first, second)
            if profile is not None and profile >= threshold:
                found.add(
                    "MB116",
                    f'"{second.name}" has near-identical goals and pain points to '
                    f'"{first.name}"{earlier} ({profile:.0%} alike).',
                    persona_ref(second),
                    about=second,
                )
                break
