"""Domain objects -> the dicts the response schemas dump (and the CSV columns)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..catalog import Catalog
from ..domain import freshness
from ..domain.checks import Share, counts
from ..domain.model import Participation

PARTICIPATION_COLUMNS = [
    "status", "signature_date", "consent_date", "consent_kind", "in_force_date",
    "withdrawal_notified_date", "withdrawal_effective_date", "sources",
]


def known(catalog: Catalog, instrument: str, state: str, as_of: dt.date) -> tuple[Participation, tuple[str, ...]]:
    """The state's dates and sources as they could be known on `as_of` (none before its first action)."""
    k = catalog.known_on(instrument, state, as_of)
    return (k.participation, k.sources) if k else (Participation(state), ())


def participation(catalog: Catalog, instrument: str, state: str, as_of: dt.date) -> dict:
    p, sources = known(catalog, instrument, state, as_of)
    return {
        "status": catalog.participation(instrument, state).status_on(as_of).value,
        "signature_date": p.signature_date,
        "consent_date": p.consent_date,
        "consent_kind": p.consent_kind.value if p.consent_kind else None,
        "in_force_date": p.in_force_date,
        "withdrawal_notified_date": p.withdrawal_notified_date,
        "withdrawal_effective_date": p.withdrawal_effective_date,
        "sources": list(sources) or None,
    }


def currency(catalog: Catalog, instrument_ids: Iterable[str], day: dt.date) -> dict:
    """`data_as_at` (the oldest status date of the instruments used) and the `caveats` for `day`."""
    used = [catalog.instruments[i] for i in instrument_ids]
    return {"data_as_at": freshness.data_as_at(used), "caveats": freshness.caveats(used, day)}


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
        **currency(catalog, [instrument_id], as_of),
    }


def share_fields(result: Share) -> dict:
    fraction = result.fraction
    return {
        "numerator": result.numerator,
        "denominator": result.denominator,
        "share": float(fraction) if fraction is not None else None,
        "fraction": f"{result.numerator}/{result.denominator}",
    }
