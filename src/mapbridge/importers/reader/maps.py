"""Turning map drafts into journeys: shared rows spread, emotions scored, lanes ordered."""

from __future__ import annotations

from mapbridge import codes
from mapbridge import emotion as emo
from mapbridge.importers.reader.core import MapDraft, PendingScore, ReaderCore, _spread_shared_rows
from mapbridge.importers.values import clean_text
from mapbridge.model import Emotion, Journey, Lane, SourceRef


class MapAssembler(ReaderCore):
    """Finishes the maps once every table is read."""

    def _finish_maps(self) -> list[Journey]:
        if self.drafts and not self.personas_from_sheet and self.personas:
            self._add(
                codes.NO_PERSONAS_SHEET,
                "the workbook has no Personas sheet; personas were created from the names used on the maps",
                "add a Personas sheet with goals, pain points and behaviours so the deck can show profiles",
                None,
            )
        groups: dict[str, list[MapDraft]] = {}
        for (jkey, _pid), draft in self.drafts.items():
            groups.setdefault(jkey, []).append(draft)
        journeys: list[Journey] = []
        for jkey, drafts in groups.items():
            drafts = _spread_shared_rows(drafts)
            self._score_emotions(jkey, drafts)
            lane_order = self._lane_order(drafts)
            for draft in drafts:
                journeys.append(self._journey(jkey, draft, lane_order))
        self._apply_reviews(journeys)
        return journeys

    def _lane_order(self, drafts: list[MapDraft]) -> list[Lane]:
        """Every lane with content for any persona of the journey, in sheet order, so layers line up."""
        used = {e.lane_id for draft in drafts for e in draft.entries}
        lanes: dict[str, Lane] = {}
        for draft in drafts:
            for lane_id, lane in draft.lanes.items():
                if lane_id in used:
                    lanes.setdefault(lane_id, lane)
        return list(lanes.values())

    def _journey(self, jkey: str, draft: MapDraft, lanes: list[Lane]) -> Journey:
        order = self.stage_orders.get(jkey) or self.stage_orders.get(None) or []
        rank = {sid: i for i, (sid, _n, _r) in enumerate(order)}
        stages = sorted(
            draft.stages.values(),
            key=lambda s: (rank.get(s.id, len(rank)), list(draft.stages).index(s.id)),
        )
        for stage in stages:
            stage.description = self.stage_descriptions.get(
                (jkey, stage.id), self.stage_descriptions.get((None, stage.id), "")
            )
        scale = self._scale_for(jkey, draft)
        return Journey(
            id=f"{jkey}--{draft.persona_id or 'shared'}",
            name=draft.name,
            persona_id=draft.persona_id,
            stages=stages,
            # The group's lane order, with this map's own lanes (and their source cells).
            lanes=[draft.lanes[lane.id] for lane in lanes if lane.id in draft.lanes],
            entries=draft.entries,
            emotion_scale=scale,
            owner=draft.owner,
            last_reviewed=draft.last_reviewed,
            last_updated=draft.last_updated,
            review_every_days=draft.review_every_days,
            sources=draft.sources,
        )

    def _scale_for(self, jkey: str, draft: MapDraft) -> str | None:
        """The scale a map's emotions were written on: its bare numbers' scale, else the scale
        most of its scored cells name (fractions name theirs), else words."""
        if not draft.scores:
            return None
        if jkey in self.number_scales:
            return self.number_scales[jkey]
        named = [p.entry.emotion.scale for p in draft.scores if p.entry.emotion is not None]
        numeric = [s for s in named if s in emo.NUMERIC_SCALES]
        if numeric:
            return max(dict.fromkeys(numeric), key=numeric.count)  # type: ignore[return-value]
        return "word" if named else None  # type: ignore[return-value]

    def _score_emotions(self, jkey: str, drafts: list[MapDraft]) -> None:
        """Give every emotion cell of one journey its score, on the declared or detected scale.

        `emotion.read_emotion` says what a cell holds: a bare number waits for the journey's
        scale (declared, else detected from all its bare numbers); words, faces, fractions,
        intensities, mixes and transitions come scored.
        """
        pending = [p for d in drafts for p in d.scores]
        readings = [(p, emo.read_emotion(p.raw)) for p in pending]
        numbers = [(p, r.number if r is not None else None, r) for p, r in readings]
        declared: tuple[str, SourceRef] | None = None
        for draft in drafts:
            if draft.declared_scale and draft.declared_scale_ref:
                declared = (draft.declared_scale, draft.declared_scale_ref)
        declared = declared or self.declared_scales.get(jkey) or self.declared_scales.get(None)
        if declared and declared[0] == "word":
            declared = None
        found = [n for _p, n, _r in numbers if n is not None]
        scale = declared[0] if declared else emo.detect_scale(found)
        if found and scale is not None:
            self.number_scales[jkey] = scale
        for item, number, reading in numbers:
            if number is None:
                if reading is None or reading.score is None:
                    self._unscored(item)
                    continue
                item.entry.emotion = Emotion(
                    raw=item.entry.text,
                    score=max(-1.0, min(1.0, reading.score)),
                    scale=reading.scale or "word",  # type: ignore[arg-type]
                )
                continue
            if scale is None:
                self._add(
                    codes.EMOTION_OUT_OF_RANGE,
                    f"emotion {number:g} fits none of the known scales (-2..2, 1..5, -5..5, 0..10)",
                    "use numbers on one scale for the whole journey, or declare the scale on the Stages sheet",
                    item.ref,
                )
                continue
            try:
                score = emo.normalise(number, scale)
            except emo.EmotionValueError:
                where = (
                    f"the declared {scale} scale (at {declared[1]})"
                    if declared
                    else f"the {scale} scale"
                )
                self._add(
                    codes.EMOTION_OUT_OF_RANGE,
                    f"emotion {number:g} is outside {where} used by this journey",
                    f"use a number from {scale} here, or change the declared scale",
                    item.ref,
                )
                continue
            item.entry.emotion = Emotion(raw=item.entry.text, score=score, scale=scale)  # type: ignore[arg-type]

    def _unscored(self, item: PendingScore) -> None:
        """An emotion mapbridge cannot score: kept as text, a gap in the curve, and a warning
        (an error when the reading is strict)."""
        message = f"emotion {clean_text(item.raw)!r} is not a known score"
        if self.options.strict_emotions:
            self._add(
                codes.UNKNOWN_EMOTION, message, emo.known_values_hint(), item.ref, severity="error"
            )
            return
        self._add(
            codes.UNKNOWN_EMOTION,
            message + "; the text is kept and the curve has a gap here",
            emo.known_values_hint(),
            item.ref,
        )
