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
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 18 + 21  # demo and club, pact


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
        ("POL,Poland,accession", "has 3 fields, expected 11"),
        ("POL,Poland,accession,2021-01-01,,,,,https://example.org/x,2021-01-01,a\x1fnote", "control character (U+001F)"),
        ("POL,Poland,accession,2021-01-01,,,,,https://example.org/x,2021-01-01,a\x00note", "control character (U+0000)"),
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
    _append(seeds_copy / "instruments.csv", "bad id,X,X,club,Nobody,,,,magic,2024-01-01,https://example.org,")
    _append(seeds_copy / "aliases.csv", "ZZZ,Nowhere,https://example.org")
    errors = _errors(seeds_copy)
    assert any(e.startswith("seeds/instruments.csv:5: id 'bad id'") for e in errors), errors
    assert any(e.startswith("seeds/aliases.csv:4: state 'ZZZ'") for e in errors), errors


def test_an_alias_that_names_another_state_is_reported(seeds_copy):
    _append(seeds_copy / "aliases.csv", "AUT,Australia,https://example.org")
    assert "seeds/aliases.csv:4: alias 'Australia' is a name of AUS, not AUT" in _errors(seeds_copy)


def test_common_english_names_come_from_cldr_with_their_source(fixture_db):
    with sqlite3.connect(fixture_db) as conn:
        rows = dict(conn.execute("SELECT alias, source FROM aliases WHERE state = 'RUS'").fetchall())
    assert "unicode-org/cldr" in rows["Russia"]


def test_seeded_entry_into_force_must_follow_from_the_events(seeds_copy):
    text = (seeds_copy / "instruments.csv").read_text().replace("2020-08-01,demo,", "2020-09-01,demo,")
    (seeds_copy / "instruments.csv").write_text(text)
    message = "seeds/instruments.csv:2: demo: consent no. 2, deposited on 2020-02-29, gives entry into force on 2020-08-01"
    assert any(e.startswith(message) and e.endswith("(Art. 17), not 2020-09-01") for e in _errors(seeds_copy))


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
    import stat

    # The mode bits, not os.access: root may write anything, so access() would pass for root whatever the mode.
    assert stat.S_IMODE(os.stat(fixture_db).st_mode) & 0o222 == 0
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


@pytest.mark.parametrize(
    "row, message",
    [
        ("late,consent:3,days:ninety,after_trigger,days:90,,months:12,,Art. 1,Art. 2,text,https://example.org/r",
         "delay 'days:ninety' is not days:N or month_start:N or none"),
        ("late,consent:3,days:90,after_trigger,weeks:2,,months:12,,Art. 1,Art. 2,text,https://example.org/r",
         "later_delay 'weeks:2' is not"),
        ("late,third,days:90,after_trigger,days:90,,months:12,,Art. 1,Art. 2,text,https://example.org/r",
         "trigger 'third' is not consent:N"),
        ("late,consent:3,days:90,after_trigger,days:90,,month_start:12,,Art. 1,Art. 2,text,https://example.org/r",
         "withdrawal 'month_start:12' is not days:N or months:N or none"),
        ("late,consent:3,days:90,after_trigger,days:90,,months:12,war,Art. 1,Art. 2,text,https://example.org/r",
         "withdrawal_condition 'war' is not armed_conflict"),
        ("late,none,days:90,after_entry_into_force,days:90,,months:12,,Art. 1,Art. 2,text,https://example.org/r",
         "delay must be none when there is no trigger"),
        ("late,none,none,after_trigger,days:90,,months:12,,Art. 1,Art. 2,text,https://example.org/r",
         "later after_trigger needs a trigger"),
        ("late,consent:3,days:90,after_trigger,days:90,,months:12,,Art. 1,Art. 2,,https://example.org/r",
         "text is missing: quote the articles"),
        ("late,consent:3,days:90,after_trigger,days:90,,months:12,,Art. 1,,text,https://example.org/r",
         "withdrawal_article is missing"),
        ("late,consent:3,days:90,after_trigger,days:90,,months:12,,Art. 1,Art. 2,text,", "source is missing"),
        ("demo,consent:3,days:90,after_trigger,days:90,,months:12,,Art. 1,Art. 2,text,https://example.org/r",
         "id 'demo' is listed twice"),
    ],
)
def test_bad_rule_entry_is_reported_with_file_and_line(seeds_copy, row, message):
    _append(seeds_copy / "rules.csv", row)
    errors = _errors(seeds_copy)
    assert any(e.startswith("seeds/rules.csv:5: ") and message in e for e in errors), errors


def test_instrument_naming_an_unknown_rule_entry_is_reported(seeds_copy):
    text = (seeds_copy / "instruments.csv").read_text().replace("2020-08-01,demo,", "2020-08-01,ccm,")
    (seeds_copy / "instruments.csv").write_text(text)
    errors = _errors(seeds_copy)
    assert any(e.startswith("seeds/instruments.csv:2: rules 'ccm' is not an id in rules.csv (demo, north_atlantic, pact)")
               for e in errors), errors


@pytest.mark.parametrize(
    "file, row, message",
    [
        ("demo", "DEU,Germany,withdrawal_notification,2023-09-01,,,,invoked,https://example.org/x,2023-09-01,",
         "condition 'invoked': the withdrawal under rules 'demo' has no condition"),
        ("pact", "GBR,United Kingdom,withdrawal_notification,2023-09-01,,,,maybe,https://example.org/x,2023-09-01,",
         "condition 'maybe' is not one of invoked, not_invoked"),
        ("pact", "GBR,United Kingdom,statement,2023-09-01,,,,invoked,https://example.org/x,2023-09-01,",
         "condition is only for withdrawal_notification rows"),
        ("pact", "FRA,France,revocation,2019-09-01,,,,,https://example.org/x,2019-09-01,",
         "revocation on 2019-09-01: FRA has no earlier instrument of consent to revoke"),
    ],
)
def test_event_rows_the_rule_entry_makes_meaningful_are_checked(seeds_copy, file, row, message):
    path = seeds_copy / "events" / f"{file}.csv"
    line = len(path.read_text().splitlines()) + 1
    _append(path, row)
    errors = _errors(seeds_copy)
    assert any(e.startswith(f"seeds/events/{file}.csv:{line}: ") and message in e for e in errors), errors


def test_withdrawal_without_a_clause_needs_the_date_its_source_states(seeds_copy):
    rules = (seeds_copy / "rules.csv").read_text().replace(
        "north_atlantic,none,none,after_entry_into_force,none,,months:12,,Art. 10 and 11,Art. 13,",
        "north_atlantic,none,none,after_entry_into_force,none,,none,,Art. 10 and 11,,")
    (seeds_copy / "rules.csv").write_text(rules)
    errors = _errors(seeds_copy)
    assert any(e.startswith("seeds/events/club.csv:8: rules 'north_atlantic' has no withdrawal clause") for e in errors), errors


def test_revocation_of_a_consent_already_in_force_is_a_withdrawal_not_a_revocation(seeds_copy):
    path = seeds_copy / "events" / "pact.csv"
    line = len(path.read_text().splitlines()) + 1
    _append(path, "FRA,France,revocation,2022-02-01,,,,,https://example.org/x,2022-02-01,")
    errors = _errors(seeds_copy)
    assert f"seeds/events/pact.csv:{line}: revocation on 2022-02-01: FRA's consent of 2020-03-01 was in force for it " \
           "from 2022-01-01 (Art. 9); leaving after that is a withdrawal_notification" in errors, errors
