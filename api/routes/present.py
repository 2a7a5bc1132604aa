"""Domain objects -> the dicts the response schemas dump (and the CSV columns)."""

from __future__ import annotations

import datetime as dt
from ..catalog import Catalog
from ..domain.checks import Share, counts

PARTICIPATION_COLUMNS = [
    "status", "signature_date", "consent_date", "consent_kind", "in_force_date",
    "withdrawal_notified_date", "withdrawal_effective_date", "sources",
]


def participation(catalog: Catalog, instrument: str, state: str, as_of: dt.date) -> dict:
    p = catalog.participation(instrument, state)
    return {
        "status": p.status_on(as_of).value,
        "signature_date": p.signature_date,
        "consent_date": p.consent_date,
        "consent_kind": p.consent_kind.value if p.consent_kind else None,
        "in_force_date": p.in_force_date,
        "withdrawal_notified_date": p.withdrawal_notified_date,
        "withdrawal_effective_date": p.withdrawal_effective_date,
        "sources": list(catalog.sources.get((instrument, state), ())) or None,
    }


def state(catalog: Catalog, code: str) -> dict:
    s = catalog.states[code]
    return {"code": s.code, "alpha2": s.alpha2, "numeric": s.numeric, "name": s.name,
            "official_name": s.official_name, "aliases": list(s.aliases)}


def instrument(catalog: Catalog, instrument_id: str, as_of: dt.date) -> dict:
    i = catalog.instruments[instrument_id]
    return {
        "id": i.id, "name": i.name, "short_name": i.short_name, "kind": i.kind, "depositary": i.depositary,
        "adopted": i.adopted, "opened_for_signature": i.opened_for_signature,
        "entry_into_force": i.entry_into_force, "rules": i.rules,
        "consents_for_entry_into_force": i.consents_for_entry_into_force, "trigger_date": i.trigger_date,
        "status_as_at": i.status_as_at, "sources": list(i.sources), "note": i.note, "as_of": as_of,
        "counts": counts(catalog.participations[instrument_id].values(), as_of),
    }


def share_fields(result: Share) -> dict:
    fraction = result.fraction
    return {
        "numerator": result.numerator,
        "denominator": result.denominator,
        "share": float(fraction) if fraction is not None else None,
        "fraction": f"{result.numerator}/{result.denominator}",
    }
