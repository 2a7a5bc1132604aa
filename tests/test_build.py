"""The build validates every row, reports file:line, and never replaces a good database with a bad one."""

import sqlite3

import pytest

from api.build import build, main
from api.seeds import InvalidSeeds


def _append(path, line):
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def _errors(seeds):
    with pytest.raises(InvalidSeeds) as info:
        build(seeds, seeds.parent / "out.db")
    return [str(e) for e in info.value.errors]


def test_fixture_seeds_build(fixture_db):
    with sqlite3.connect(fixture_db) as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 18


@pytest.mark.parametrize(
    "row, message",
    [
        ("POL,Poland,ratification,2010-13-01,,,,,https://example.org/x,2010-12-01,", "date 2010-13-01 is not a date"),
        ("POL,Poland,ratification,2023-02-30,,,,,https://example.org/x,2023-03-01,", "date 2023-02-30 is not a date"),
        ("XYZ,,ratification,2021-01-01,,,,,https://example.org/x,2021-01-01,", "state 'XYZ' is not an ISO 3166-1"),
        ("POL,Poland,ratified,2021-01-01,,,,,https://example.org/x,2021-01-01,", "event 'ratified' is not one of"),
        ("POL,Poland,accession,2021-01-01,,,,,,2021-01-01,", "source is missing"),
        ("POL,Poland,accession,2021-01-01,,,,,ftp://example.org/x,2021-01-01,", "is not an http(s) URL"),
        ("POL,France,accession,2021-01-01,,,,,https://example.org/x,2021-01-01,", "participant 'France' is FRA, not POL"),
        ("POL,Poland,accession,2021-01-01,,,,,https://example.org/x,2020-01-01,", "source_as_of 2020-01-01 is before"),
        ("POL,Poland,accession,2021-01-01,roughly,,,,https://example.org/x,2021-01-01,", "date_precision 'roughly'"),
        ("POL,Poland,accession,2021-01-01,,2021-06-01,,,https://example.org/x,2021-01-01,", "effective_date is only for"),
        ("FRA,France,signature,2020-01-16,,,,,https://example.org/x,2020-01-16,", "duplicate signature for FRA"),
        ("TUR,Turkey,ratification,2019-12-01,,,,,https://example.org/x,2019-12-01,", "is before TUR's signature"),
        ("TUR,Turkey,accession,2021-01-01,,,,,https://example.org/x,2021-01-01,", "not accession"),
        ("POL,Poland,withdrawal_notification,2021-01-01,,,,,https://example.org/x,2021-01-01,", "without having consented"),
        ("POL,Poland,signature,2019-12-31,,,,,https://example.org/x,2019-12-31,", "before the instrument opened for signature"),
        ("POL,Poland,accession,2021-01-01,,,,invoked,https://example.org/x,2021-01-01,", "condition is only for"),
        ("POL,Poland,accession,2021-01-01,,,,maybe,https://example.org/x,2021-01-01,", "condition 'maybe' is not one of"),
        ("POL,Poland,revocation,2021-01-01,,,,,https://example.org/x,2021-01-01,", "revoked a consent it had not"),
        ("POL,Poland,accession", "has 3 fields, expected 11"),
    ],
)
def test_bad_event_row_is_reported_with_file_and_line(seeds_copy, row, message):
    _append(seeds_copy / "events" / "demo.csv", row)
    errors = _errors(seeds_copy)
    assert any(e.startswith("seeds/events/demo.csv:12: ") and message in e for e in errors), errors


def test_every_error_is_reported_not_just_the_first(seeds_copy):
    _append(seeds_copy / "events" / "demo.csv", "POL,Poland,accession,2021-02-30,,,,,https://example.org/x,2021-03-01,")
    _append(seeds_copy / "events" / "club.csv", "XYZ,,accession,2021-01-01,,,,,https://example.org/x,2021-01-01,")
    errors = _errors(seeds_copy)
    assert any(e.startswith("seeds/events/demo.csv:12:") for e in errors)
    assert any(e.startswith("seeds/events/club.csv:10:") for e in errors)


def test_bad_instrument_and_alias_rows_are_reported(seeds_copy):
    _append(seeds_copy / "instruments.csv", "bad id,X,X,club,Nobody,,,,magic,,2024-01-01,https://example.org,")
    _append(seeds_copy / "aliases.csv", "ZZZ,Nowhere,https://example.org")
    errors = _errors(seeds_copy)
    assert any(e.startswith("seeds/instruments.csv:4: id 'bad id'") for e in errors), errors
    assert any(e.startswith("seeds/aliases.csv:4: state 'ZZZ'") for e in errors), errors


def test_seeded_entry_into_force_must_follow_from_the_events(seeds_copy):
    text = (seeds_copy / "instruments.csv").read_text().replace("2020-08-01,ccm,2", "2020-09-01,ccm,2")
    (seeds_copy / "instruments.csv").write_text(text)
    assert any("gives entry into force on 2020-08-01, not 2020-09-01" in e for e in _errors(seeds_copy))


def test_failed_build_leaves_the_previous_database_in_place(seeds_copy, tmp_path, capsys):
    output = tmp_path / "good.db"
    assert main(["--seeds", str(seeds_copy), "--output", str(output)]) == 0
    before = output.read_bytes()
    _append(seeds_copy / "events" / "demo.csv", "POL,Poland,accession,2021-02-30,,,,,https://example.org/x,2021-03-01,")
    assert main(["--seeds", str(seeds_copy), "--output", str(output)]) == 1
    assert output.read_bytes() == before
    err = capsys.readouterr().err
    assert "seeds/events/demo.csv:12: date 2021-02-30 is not a date" in err
    assert not list(tmp_path.glob(".build-*"))


def test_dataset_version_changes_with_the_seeds(seeds_copy, tmp_path):
    first = build(seeds_copy, tmp_path / "a.db").version
    _append(seeds_copy / "events" / "demo.csv", "POL,Poland,accession,2021-02-01,,,,,https://example.org/x,2021-03-01,")
    assert build(seeds_copy, tmp_path / "b.db").version != first


def test_database_is_written_read_only(fixture_db):
    import os

    assert not os.access(fixture_db, os.W_OK) or os.geteuid() == 0
    conn = sqlite3.connect(f"{fixture_db.resolve().as_uri()}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("DELETE FROM events")


def test_seed_files_with_only_a_header_build_and_serve(seeds_copy, tmp_path):
    from api import create_app

    for path in (seeds_copy / "aliases.csv", seeds_copy / "events" / "club.csv"):
        path.write_text(path.read_text().splitlines()[0] + "\n")
    text = (seeds_copy / "events" / "demo.csv").read_text().replace("TUR,Turkey,", "TUR,Türkiye,")
    (seeds_copy / "events" / "demo.csv").write_text(text)
    build(seeds_copy, tmp_path / "empty.db")
    client = create_app({"DATABASE": str(tmp_path / "empty.db"), "SEEDS_DIR": str(seeds_copy)}).test_client()
    assert client.get("/v1/instruments/club/participants").json["count"] == 0
