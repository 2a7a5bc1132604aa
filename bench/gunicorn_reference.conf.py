"""gunicorn settings for the reference app: the repository's gunicorn.conf.py, settings only.

Every setting of gunicorn.conf.py (workers, preload_app, limit_request_line, ...) is copied, so the
reference runs under the same settings as the API whatever that file says; its hooks (on_starting,
post_fork, ...) are left out, as they open the API's database and touch the API's app object.
"""

import runpy
import types
from pathlib import Path

_settings = runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))
for _name, _value in _settings.items():
    if _name.startswith("_") or callable(_value) or isinstance(_value, types.ModuleType):
        continue
    globals()[_name] = _value
