"""Treaty membership reference API."""


def create_app(config=None):
    # Imported lazily so that `python -m api.build` does not load Flask.
    from .app import create_app as _create_app

    return _create_app(config)
