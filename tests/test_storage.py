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
        rows, periods = queries.participant_rows(conn), queries.period_rows(conn)
    for instrument in dataset.instruments:
        built = {p.state: p for p in participations(dataset, instrument)}
        read = queries.participations([r for r in rows if r[0] == instrument.id],
                                      [r for r in periods if r[0] == instrument.id])
        assert read == built, instrument.id
