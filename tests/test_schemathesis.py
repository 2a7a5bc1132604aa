"""Property-based: every operation of openapi.yaml, many generated requests each, every check on."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

EXAMPLES = 200


def _schema():
    import yaml

    from tests.test_openapi import SPEC_FILE

    return schemathesis.openapi.from_dict(yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8")))


OPERATIONS = [result.ok() for result in _schema().get_all_operations()]


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
def test_every_operation_conforms(app, operation):
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    def run(case):
        case.call_and_validate(app=app)

    run()
