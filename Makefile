# Two commands: `make run` (set up, build the database, serve) and `make test` (set up, run every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
DB := data/treaties.db
SEEDS := $(shell find seeds -name '*.csv' -o -name '*.json' -o -name '*.html' 2>/dev/null)
STAMP := $(VENV)/.installed

.PHONY: run test lint build db browser ts-client openapi readme bench soak audit mutation clean refresh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

$(DB): $(STAMP) $(SEEDS) $(shell find api -name "*.py")
	$(BIN)/python -m api.build --output $(DB)

# A file newer than the seeds can still be damaged or truncated: check it, and rebuild it if it fails.
# The server's modules compiled ahead: where bytecode is not written (PYTHONDONTWRITEBYTECODE), every
# start would compile them again, a sixth of its time.
db: $(DB)
	@$(BIN)/python -m api.db --check $(DB) || { echo "rebuilding $(DB)"; $(BIN)/python -m api.build --output $(DB); }
	@$(BIN)/python -m compileall -q api

build: db

# 127.0.0.1 unless HOST says otherwise (`HOST=0.0.0.0 make run` serves other machines).
run: db
	HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) ACCESS_LOG=- $(BIN)/gunicorn --config gunicorn.conf.py "api:create_app()"

# A Chromium or Chrome for the test that loads /docs in a real browser. Installed (Debian's package)
# only in CI as root; elsewhere the test runs if one is found and is skipped, saying so, if not.
BROWSERS := chromium chromium-browser google-chrome google-chrome-stable chrome
browser:
	@for b in $(BROWSERS); do command -v $$b >/dev/null && exit 0; done; \
	if [ "$$CI" = true ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	else echo "make browser: no Chromium or Chrome found; the browser test will be skipped"; fi

# ruff (rules chosen in pyproject.toml) and import-linter (the layers of shared/STYLE.md).
lint: $(STAMP)
	$(BIN)/ruff check api tests
	$(BIN)/lint-imports

# The TypeScript client test's packages, at the versions in tests/ts-client/package-lock.json (npm ci).
TS_CLIENT := tests/ts-client
$(TS_CLIENT)/node_modules/.package-lock.json: $(TS_CLIENT)/package.json $(TS_CLIENT)/package-lock.json
	cd $(TS_CLIENT) && npm ci --no-audit --no-fund --silent

ts-client:
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory $(TS_CLIENT)/node_modules/.package-lock.json; \
	else echo "make ts-client: no npm found; the TypeScript client test will be skipped"; fi

test: lint db browser ts-client
	$(BIN)/python -m pytest -q

readme: db
	$(BIN)/python -m tests.readme_examples

openapi: db
	$(BIN)/python -m api.spec > openapi.yaml.tmp && mv openapi.yaml.tmp openapi.yaml

# The UN depositary's live status pages against the seeds: prints new, changed and vanished actions per state.
# REFRESH_ARGS=--write takes them into the seeds (validated as the build would first).
refresh: $(STAMP)
	$(BIN)/python -m api.depositary refresh $(REFRESH_ARGS)

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

# Mutation testing (not part of `make test`): mutmut over the rules, status, checks and HTTP layer, in its
# own environment, from scratch each time, one worker at low priority so that the machine stays usable.
# Which tests each mutant runs is set in pyproject.toml ([tool.mutmut]); scores and survivors in bench/RESULTS.md.
MUTATION_VENV := .venv-mutation
$(MUTATION_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(MUTATION_VENV)
	$(MUTATION_VENV)/bin/pip install --quiet --upgrade pip
	$(MUTATION_VENV)/bin/pip install --quiet -e '.[test,mutation]'
	touch $@

mutation: $(MUTATION_VENV)/.installed
	rm -rf mutants
	nice $(MUTATION_VENV)/bin/mutmut run --max-children 1
	$(MUTATION_VENV)/bin/python bench/mutation_score.py

clean:
	rm -rf $(VENV) .venv-client .venv-audit $(MUTATION_VENV) mutants data .pytest_cache .ruff_cache .import_linter_cache $(TS_CLIENT)/node_modules $(TS_CLIENT)/build
