"""The lookups every view shares: the loaded catalogue, and any identifier -> its canonical id (an
unknown one raises the 404 that names the closest ids)."""

from __future__ import annotations

from flask import current_app

from ..catalog import Catalog
from ..domain.identifiers import UnknownIdentifier
from ..errors import unknown

STATE_PARAMETER = {
    "in": "path", "name": "state", "required": True, "example": "LTU",
    "description": "Any identifier of a state: alpha-3 (`LTU`), alpha-2 (`LT`), numeric (`440`), an English, common or "
                   "depositary name (`Lithuania`, `Russia`, `UK`, `Czech Republic`); case and accents do not matter.",
    "schema": {"type": "string", "minLength": 1},
}
INSTRUMENT_PARAMETER = {
    "in": "path", "name": "instrument", "required": True, "example": "ccm",
    "description": "An instrument id (`ccm`, `nato`) or its short name.",
    "schema": {"type": "string", "minLength": 1},
}


def catalog() -> Catalog:
    return current_app.extensions["catalog"]


def resolve_state(text: str) -> str:
    try:
        return catalog().state_resolver.resolve(text)
    except UnknownIdentifier as exc:
        raise unknown("state", "state", exc) from None


def resolve_states(parts: list[str]) -> list[str]:
    """A comma-separated list's ids; a name with a comma in it ('Korea, Republic of') stays one name."""
    try:
        return catalog().state_resolver.resolve_list(parts)
    except UnknownIdentifier as exc:
        raise unknown("state", "state", exc) from None


def resolve_instrument(text: str) -> str:
    try:
        return catalog().instrument_resolver.resolve(text)
    except UnknownIdentifier as exc:
        raise unknown("instrument", "instrument", exc, sorted(catalog().instruments)) from None


def resolve_group(text: str) -> str:
    """A group is any instrument whose parties are counted as members."""
    try:
        return catalog().instrument_resolver.resolve(text)
    except UnknownIdentifier as exc:
        raise unknown("group", "group", exc, sorted(catalog().instruments)) from None
