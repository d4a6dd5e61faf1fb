"""A Cable as the JSON object of ``cable-reader parse --json`` (schema in the README)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from reader.model.records import Address, Cable, Marking

__all__ = ["cable_to_dict", "SCHEMA_KEYS"]

SCHEMA_KEYS: tuple[str, ...] = (
    "id", "published_id", "source", "transmission_id", "routing_indicators", "station",
    "station_serial", "security_code", "precedence", "dtg", "date", "date_precision", "from",
    "to", "info", "classification", "section", "handling", "declassify", "tags", "subject",
    "subject_marking", "references", "classified_by", "summary", "paragraphs", "signers",
    "problems",
)  # fmt: skip


def _iso(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def _address(a: Address | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {"ri": a.ri, "name": a.name, "precedence": a.precedence, "serial": a.serial}


def _marking(m: Marking | None) -> str | None:
    return m.text if m else None


def cable_to_dict(c: Cable) -> dict[str, Any]:
    """Every key of the schema, null or empty where absent, plus a few extras at the end."""
    d = c.declassify
    cb = c.classified_by
    meta = c.meta
    return {
        "id": c.id,
        "published_id": c.published_id,
        "source": {"path": c.source.path, "format": c.source.format, "row": c.source.row},
        "transmission_id": c.transmission_id,
        "routing_indicators": list(c.routing_indicators),
        "station": c.station,
        "station_serial": c.station_serial,
        "security_code": c.security_code,
        "precedence": c.precedence,
        "dtg": _iso(c.dtg),
        # a year-only date is the year alone ("2004"): January 1 would claim a day
        "date": str(c.date.year) if c.date and c.date_precision == "year" else _iso(c.date),
        "date_precision": c.date_precision,
        "from": _address(c.from_),
        "to": [_address(a) for a in c.to],
        "info": [_address(a) for a in c.info],
        "classification": c.classification,
        "section": {"number": c.section.number, "of": c.section.of} if c.section else None,
        "handling": list(c.handling),
        "declassify": (
            {"eo": d.eo, "raw": d.raw, "date": _iso(d.date), "code": d.code} if d else None
        ),
        "tags": list(c.tags),
        "subject": c.subject,
        "subject_marking": _marking(c.subject_marking),
        "references": [
            {"label": r.label, "text": r.text, "id": r.id, "kind": r.kind} for r in c.references
        ],
        "classified_by": (
            {"text": cb.text, "names": list(cb.names), "reasons": list(cb.reasons)} if cb else None
        ),
        "summary": c.summary,
        "paragraphs": [
            {
                "number": p.number,
                "marking": _marking(p.marking),
                "level": p.marking.level if p.marking else None,
                "text": p.text,
            }
            for p in c.paragraphs
        ],
        "signers": list(c.signers),
        "problems": [{"code": p.code, "message": p.message, "line": p.line} for p in c.problems],
        # extras beyond the documented minimum
        "de": (
            {
                "station": c.de.station,
                "serial": c.de.serial,
                "section": c.de.section,
                "julian_day": c.de.julian_day,
                "time": c.de.time,
            }
            if c.de
            else None
        ),
        "info_precedence": c.info_precedence,
        "banner_marking": _marking(c.banner),
        # where a second, unrelated cable glued after this one begins (a character offset
        # into the text), or null
        "appended_at": c.appended_at,
        "meta": (
            {
                "reference_id": meta.reference_id,
                "created": _iso(meta.created),
                "released": _iso(meta.released),
                "classification": meta.classification,
                "origin": meta.origin,
                "referenced_ids": list(meta.referenced_ids),
            }
            if meta
            else None
        ),
    }
