"""What the build stores of a participation is what the server reads back: every field, by the model's
own field list, so that a field added to Participation needs no change to the SQL."""

import sqlite3
from contextlib import closing

from api import queries
from api.build import participations
from api.seeds import load
from tests.conftest import SEEDS


def test_every_participation_read_back_equals_the_one_the_build_derived(real_db):
    dataset = load(SEEDS)
    with closing(sqlite3.connect(real_db)) as conn:
        packed = queries.packed(conn)
    for instrument in dataset.instruments:
        built = {p.state: p for p in participations(dataset, instrument)}
        read = queries.participations(packed[instrument.id]["participants"], packed[instrument.id]["periods"])
        assert read == built, instrument.id


def test_the_packed_rows_are_the_tables_rows(real_db):
    # What the server reads at start-up (the derived table `packed`) holds each table's rows, every column,
    # in order: a row the build left out or packed wrongly would be missing from the answers.
    from api.packing import TABLES, unpack

    with closing(sqlite3.connect(real_db)) as conn:
        packed = queries.packed(conn)
        for table, (columns, order) in TABLES.items():
            listed = ", ".join(f"[{c}]" for c in columns)
            rows = conn.execute(f"SELECT instrument, {listed} FROM [{table}] ORDER BY instrument, "
                                + ", ".join(f"[{c}]" for c in order)).fetchall()
            unpacked = [(i, *row) for i in sorted(packed) for row in unpack(packed[i][table])]
            assert unpacked == [tuple("" if v is None else str(v) for v in row) for row in rows], table
            assert len(rows) > 100, table
