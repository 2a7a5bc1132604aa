# Two commands: `make run` (set up, build the database, serve) and `make test` (set up, run every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
DB := data/treaties.db
SEEDS := $(shell find seeds -name '*.csv' 2>/dev/null)
STAMP := $(VENV)/.installed

.PHONY: run test build db browser openapi readme bench soak audit clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

$(DB): $(STAMP) $(SEEDS) $(wildcard api/*.py api/domain/*.py)
	$(BIN)/python -m api.build --output $(DB)

# A file newer than the seeds can still be damaged or truncated: check it, and rebuild it if it fails.
db: $(DB)
	@$(BIN)/python -m api.db --check $(DB) || { echo "rebuilding $(DB)"; $(BIN)/python -m api.build --output $(DB); }

build: db

# 127.0.0.1 unless HOST says otherwise (`HOST=0.0.0.0 make run` serves other machines).
run: db
	HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) ACCESS_LOG=- $(BIN)/gunicorn --config gunicorn.conf.py "api:create_app()"

# Debian's Chromium, for the test that loads /docs in a real browser.
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

test: db browser
	$(BIN)/python -m pytest -q

readme: db
	$(BIN)/python -m tests.readme_examples

openapi: db
	$(BIN)/python -m api.spec > openapi.yaml.tmp && mv openapi.yaml.tmp openapi.yaml

# Benchmarks and the soak are not part of `make test`: they load the machine and print ratios.
bench: db
	bash bench/run.sh

soak: db
	bash bench/soak.sh

# pip-audit, in its own environment, over the exact versions installed for the app and its tests.
audit: $(STAMP)
	@test -x .venv-audit/bin/pip-audit || { $(PYTHON) -m venv .venv-audit && .venv-audit/bin/pip install --quiet pip-audit==2.10.1; }
	$(BIN)/pip freeze --exclude-editable > .venv-audit/requirements.txt
	.venv-audit/bin/pip-audit --requirement .venv-audit/requirements.txt --no-deps --disable-pip \
		--vulnerability-service pypi --progress-spinner off

clean:
	rm -rf $(VENV) .venv-client .venv-audit data .pytest_cache
