"""Prints the OpenAPI document the app serves, as YAML: `python -m api.spec > openapi.yaml`."""

from __future__ import annotations

import sys

import yaml


def spec_yaml(app) -> str:
    spec = app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()
    return yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=110)


def main() -> int:
    from . import create_app

    sys.stdout.write(spec_yaml(create_app()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
