# Kring: `make run` and `make test` each set themselves up from nothing.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
TRANSLATIONS := server/translations
# One worker per core; a test file stays on one worker, so its module fixtures are made
# once (tests/test_readme.py copies and installs the project).
PARALLEL := -n auto --dist loadfile

.PHONY: run test test-later lint translations extract-messages screenshots lighthouse bench icons clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

translations: $(VENV)/.installed-run
	$(BIN)/pybabel --quiet compile -d $(TRANSLATIONS)

run: export KRING_ENV ?= development
run: export BASE_URL ?= http://127.0.0.1:$(PORT)
run: translations
	$(BIN)/kring migrate
	$(BIN)/kring demo
	@echo "Kring runs on http://127.0.0.1:$(PORT)  (stop with Ctrl+C)"
	$(BIN)/kring run --host 127.0.0.1 --port $(PORT)

test: $(VENV)/.installed-test translations
	$(BIN)/bandit -q -r server -lll
	$(BIN)/pytest $(PARALLEL)

# The same suite with the clock 400 days ahead (bench/later/sitecustomize.py): the
# tests pass on any date, not just the day they were written.
test-later: $(VENV)/.installed-test translations
	KRING_CLOCK_AHEAD=400 PYTHONPATH=bench/later $(BIN)/pytest $(PARALLEL)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check server tests
	$(BIN)/ruff format --check server tests

# For developers who add or change UI text: refresh the catalogues, then translate.
# Sorted and without line numbers, so two branches that add texts merge cleanly.
extract-messages: $(VENV)/.installed-run
	$(BIN)/pybabel --quiet extract -F babel.cfg -k _l --no-location --sort-output \
		-o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel --quiet update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) \
		--ignore-obsolete --ignore-pot-creation-date

# The README's screenshots, from the demo data, in headless Chromium.
screenshots: $(VENV)/.installed-test translations
	$(BIN)/python -m bench.screenshots

# Lighthouse (npm) on home, rooster, plan and a supporter page: a benchmark, not a test.
lighthouse: $(VENV)/.installed-test translations bench/node_modules/.bin/lighthouse
	$(BIN)/python -m bench.lighthouse 2>/dev/null

bench/node_modules/.bin/lighthouse: bench/package.json
	cd bench && npm install --no-audit --no-fund --silent
	touch $@

# The PNG icons, drawn from the SVGs in pwa/static/icons by headless Chromium.
icons: $(VENV)/.installed-test
	$(BIN)/python scripts/draw_icons.py

# Page weight, push delivery and load (wrk against gunicorn, SQLite and, when
# KRING_TEST_DATABASE_URL is set, PostgreSQL; 1 and 50 scale practices): a benchmark,
# not a test. Needs wrk (Debian): installed here when run as root, else it says how.
bench: $(VENV)/.installed-bench translations
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || \
		{ echo "make bench needs wrk: sudo apt-get install wrk"; exit 1; }
	$(BIN)/python -m bench.run

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@ $(VENV)/.installed-test $(VENV)/.installed-run

clean:
	rm -rf $(VENV) instance .pytest_cache
