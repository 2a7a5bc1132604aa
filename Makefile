# Two commands: `make run` (set up, build the database, serve) and `make test` (set up, run every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2
DB := data/treaties.db
SEEDS := $(shell find seeds -name '*.csv' 2>/dev/null)
STAMP := $(VENV)/.installed

.PHONY: run test lint build browser openapi readme bench soak audit mutation clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

$(DB): $(STAMP) $(SEEDS) $(wildcard api/*.py api/domain/*.py)
	$(BIN)/python -m api.build --output $(DB)

build: $(DB)

run: $(DB)
	PORT=$(PORT) WORKERS=$(WORKERS) ACCESS_LOG=- $(BIN)/gunicorn --config gunicorn.conf.py "api:create_app()"

# Debian's Chromium, for the test that loads /docs in a real browser.
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

# ruff (rules chosen in pyproject.toml) and import-linter (the layers of shared/STYLE.md).
lint: $(STAMP)
	$(BIN)/ruff check api tests
	$(BIN)/lint-imports

test: lint $(DB) browser
	$(BIN)/python -m pytest -q

readme: $(DB)
	$(BIN)/python -m tests.readme_examples

openapi: $(DB)
	$(BIN)/python -m api.spec > openapi.yaml.tmp && mv openapi.yaml.tmp openapi.yaml

# Benchmarks and the soak are not part of `make test`: they load the machine and print ratios.
bench: $(DB)
	bash bench/run.sh

soak: $(DB)
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
	rm -rf $(VENV) .venv-client .venv-audit $(MUTATION_VENV) mutants data .pytest_cache .ruff_cache .import_linter_cache
