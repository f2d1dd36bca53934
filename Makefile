# Two commands set everything up: `make run` (the whole pipeline) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test lint typecheck unit gettext clean

run: $(VENV)/.run-installed
	$(BIN)/i18npipe run

test: $(VENV)/.test-installed gettext lint typecheck unit

lint: $(VENV)/.test-installed
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(VENV)/.test-installed
	$(BIN)/mypy

unit: $(VENV)/.test-installed gettext
	$(BIN)/pytest -q

# GNU gettext (msgcat, msgfmt) checks the catalogs' form in the tests.
gettext:
	@command -v msgcat >/dev/null && command -v msgfmt >/dev/null || { \
	  echo "installing GNU gettext (Debian package 'gettext')"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq gettext >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq gettext >/dev/null; fi; }

$(VENV)/.run-installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.run-installed

clean:
	rm -rf $(VENV) public .mypy_cache .pytest_cache .ruff_cache
