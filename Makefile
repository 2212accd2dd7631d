# The two commands: `make run` serves the demo portal, `make test` runs every test.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEV := DJANGO_SETTINGS_MODULE=portal.settings.dev
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in mail point at the address `make run` serves (unless set).
SITE := PORTAL_BASE_URL=$${PORTAL_BASE_URL:-http://$(HOST):$(PORT)}

# A Debian package when its command is missing: installed when root, else
# the command to install it.
define debian_package
	@command -v $(1) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; \
	  else \
	    echo "$(2): sudo apt-get install $(1)"; exit 1; \
	  fi; }
endef

.PHONY: run test test-fast check lint messages chromium clean bench bench-pages bench-chat wrk

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

## run: install, migrate, load the demo, serve on http://127.0.0.1:8000 with the worker
run: $(VENV)/.installed
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py load_initial_data
	$(DEV) $(SITE) $(BIN)/python manage.py load_demo
	@echo "Werkbehoud runs on http://$(HOST):$(PORT)/ with its worker (stop with Ctrl+C)"
	@export $(DEV) $(SITE); \
	  $(BIN)/python manage.py worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python -m portal.serve --host $(HOST) --port $(PORT)

## test: install what the tests need and run the whole suite in TEST_WORKERS
## processes: first all but the browser tests, then the browser tests
## (Playwright keeps an event loop running in its process, so no async test
## may follow a browser test there)
TEST_WORKERS ?= 2
test: $(VENV)/.installed-dev chromium
	$(BIN)/pytest -m "not browser" -n $(TEST_WORKERS) $(PYTEST_ARGS)
	$(BIN)/pytest -m browser -n $(TEST_WORKERS) $(PYTEST_ARGS)

## test-fast: the suite without browser and slow tests, in FAST_WORKERS processes
FAST_WORKERS ?= 2
test-fast: $(VENV)/.installed-dev
	$(BIN)/pytest -m "not browser and not slow" -n $(FAST_WORKERS) $(PYTEST_ARGS)

## check: lint, Django's checks and missing migrations
check: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV) $(BIN)/python manage.py check
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run

lint: check

## bench: the performance harness on PostgreSQL and Redis (pages, then chat); writes bench/results/
bench: bench-pages bench-chat

## bench-pages: pages beside a static file at 11, 500 and 5,000 employees; writes bench/results/latest.md
bench-pages: $(VENV)/.installed-dev wrk
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
	  REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/3} \
	  $(BIN)/python bench/pages.py $(PAGES_ARGS)

## bench-chat: the chat on two processes beside a bare Channels floor; writes bench/results/chat.md
bench-chat: $(VENV)/.installed-dev
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
	  REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/1} \
	  $(BIN)/python bench/chat.py $(CHAT_ARGS)

## wrk: Debian's HTTP load tool for bench-pages (installed when root)
wrk:
	$(call debian_package,wrk,The page bench needs wrk)

## messages: refresh the Dutch catalogue after changing texts (needs gettext)
messages: $(VENV)/.installed-dev
	$(DEV) $(BIN)/python manage.py makemessages --locale nl --ignore '.venv/*' --ignore 'tests/*' --no-obsolete
	$(DEV) $(BIN)/python manage.py compilemessages --locale nl --ignore '.venv/*'

## chromium: Debian's Chromium for the browser tests (installed when root)
chromium:
	$(call debian_package,chromium,Browser tests need Chromium)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .test-media .test-cache
