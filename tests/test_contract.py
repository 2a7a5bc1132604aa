"""The OpenAPI document is a contract typed clients can use as it is: stable operation names, required
keys listed, new keys allowed, nulls declared, nothing documented that no operation uses."""

import re

import pytest
import yaml

from tests.test_api import ENDPOINTS
from tests.test_openapi import SPEC_FILE

SPEC = yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))
OPERATIONS = [(path, method, op) for path, item in SPEC["paths"].items() for method, op in item.items()
              if method != "parameters"]
SCHEMAS = SPEC["components"]["schemas"]


def test_every_operation_has_a_unique_operation_id_that_reads_as_a_method_name():
    ids = [op.get("operationId") for _, _, op in OPERATIONS]
    assert all(i and re.fullmatch(r"[a-z]+(?:[A-Z][a-z]+)+", i) for i in ids), ids
    assert len(set(ids)) == len(ids)


def test_response_schemas_list_their_required_keys():
    for name, schema in SCHEMAS.items():
        if name == "Problem":
            assert set(schema["required"]) == {"type", "title", "status", "detail"}
        else:
            assert set(schema.get("required", [])) == set(schema["properties"]), name


def test_no_schema_forbids_new_keys():
    assert "additionalProperties: false" not in SPEC_FILE.read_text(encoding="utf-8")


def test_only_schemas_that_an_operation_uses_are_documented():
    text = SPEC_FILE.read_text(encoding="utf-8")
    for name in SCHEMAS:
        assert f"#/components/schemas/{name}'" in text, f"{name} is documented but no operation uses it"


def test_summaries_are_plain_text():
    for path, method, op in OPERATIONS:
        assert "`" not in op["summary"], f"{method} {path}"


def _properties(schema):
    if "$ref" in schema:
        schema = SCHEMAS[schema["$ref"].rsplit("/", 1)[1]]
    return schema.get("properties", {})


def _nulls_are_declared(value, schema, where):
    if isinstance(value, dict):
        properties = _properties(schema)
        for key, item in value.items():
            assert key in properties, f"{where}.{key} is not documented"
            prop = properties[key]
            if item is None:
                assert prop.get("nullable"), f"{where}.{key} is null but not declared nullable"
            _nulls_are_declared(item, prop, f"{where}.{key}")
    elif isinstance(value, list):
        for item in value:
            _nulls_are_declared(item, schema.get("items", {}), where + "[]")


def _operation_for(url):
    path = url.split("?")[0]
    for template, item in SPEC["paths"].items():
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path):
            return item["get"]
    raise AssertionError(url)


@pytest.mark.parametrize("url", [*ENDPOINTS, "/v1/checks/share?group=nato&instrument=ccm&as_of=1900-01-01",
                                 "/v1/instruments/ccm/participants?as_of=2010-01-01"])
def test_every_null_an_answer_holds_is_declared_nullable(client, url):
    schema = _operation_for(url)["responses"]["200"]["content"]["application/json"]["schema"]
    _nulls_are_declared(client.get(url).json, schema, url)
