"""Pure domain code: no Flask, marshmallow or SQL."""
