"""/docs: interactive documentation served entirely by the app (no CDN), for offline use."""

from __future__ import annotations

from pathlib import Path

import flask_swagger_ui
from flask import Blueprint, Response, send_from_directory

blp = Blueprint("docs", __name__)

ASSETS = Path(flask_swagger_ui.__file__).resolve().parent / "dist"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Treaty membership reference API: documentation</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
  <link rel="icon" href="/docs/assets/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
"""

INIT = """window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
                               docExpansion: "list", validatorUrl: null, tryItOutEnabled: true});
});
"""


def _with_csp(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    return response


@blp.get("/docs")
def page():
    return _with_csp(Response(PAGE, mimetype="text/html"))


@blp.get("/docs/init.js")
def init():
    return _with_csp(Response(INIT, mimetype="text/javascript"))


@blp.get("/docs/assets/<path:filename>")
def assets(filename):
    return _with_csp(send_from_directory(ASSETS, filename, max_age=86400))
