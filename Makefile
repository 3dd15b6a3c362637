# The README's two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# Find a Python >= 3.12 (Django 6.1 needs it): pyenv through .python-version first,
# then python3.13 / python3.12 / python3 on PATH.
define find_python
for c in "$$(pyenv which python 2>/dev/null)" python3.13 python3.12 python3; do \
  [ -n "$$c" ] || continue; \
  p=$$(command -v "$$c" 2>/dev/null) || continue; \
  if "$$p" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then echo "$$p"; exit 0; fi; \
done; exit 1
endef

.PHONY: help run test test-services serve loadtest bench lint install install-dev browser collectstatic

help:
	@echo "make run    - install into .venv, migrate the SQLite database, serve http://$(HOST):$(PORT)"
	@echo "make test   - the same set-up plus dev tools and Chromium, then the whole test suite"
	@echo "make bench  - engine and API timings as ratios against baselines"
	@echo "make serve  - gunicorn with the environment's settings (production)"
	@echo "make loadtest - a bounded wrk load against gunicorn, as ratios against a trivial view"
	@echo "make lint   - ruff and mypy"

$(VENV)/.runtime: requirements.txt
	@py=$$( $(find_python) ) || { echo "error: Python >= 3.12 is needed (Django 6.1). Install it, e.g. 'pyenv install 3.12', or put python3.12 on PATH." >&2; exit 1; }; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then \
	  echo "Creating $(VENV) with $$py"; rm -rf $(VENV); "$$py" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

# A local secret key for `make run`, generated once and kept out of git.
.secret_key:
	@$(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

collectstatic: $(VENV)/.runtime
	@DJANGO_SECRET_KEY=collectstatic-only $(PY) manage.py collectstatic --noinput --verbosity 0

run: $(VENV)/.runtime .secret_key collectstatic
	export DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-$$(cat .secret_key)}; \
	$(PY) manage.py migrate --noinput && $(PY) manage.py createcachetable && exec $(PY) manage.py runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
browser:
	@if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium) >/dev/null || { echo "error: apt-get could not install chromium" >&2; exit 1; }; \
	else echo "error: the browser tests need Chromium at /usr/bin/chromium: install the Debian package 'chromium' (apt-get install --no-install-recommends chromium)" >&2; exit 1; fi

# Pass 1: the whole suite, browser tests included, on the embedded SQLite default.
# Pass 2: the suite again (without the browser tests) on a real PostgreSQL and Redis started
# on loopback by scripts/services.sh, plus the two-instance gunicorn test.
test: $(VENV)/.dev browser collectstatic
	$(PY) -m pytest -m "not services"
	$(MAKE) --no-print-directory test-services

test-services: $(VENV)/.dev collectstatic
	@set -e; env_lines=$$(scripts/services.sh start); \
	trap 'scripts/services.sh stop >/dev/null 2>&1' EXIT; \
	export $$env_lines; echo "PostgreSQL and Redis pass ($$env_lines)"; \
	$(PY) -m pytest -m "not browser" -q

# Production server: gunicorn with the environment's settings (see the README's Deploy section).
serve: $(VENV)/.runtime collectstatic
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	exec $(VENV)/bin/gunicorn jwtdebugger.wsgi:application --bind $${BIND:-127.0.0.1:8000} --workers $${WORKERS:-2}

loadtest: $(VENV)/.dev collectstatic
	@command -v wrk >/dev/null || { if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq --no-install-recommends wrk >/dev/null; else echo "error: make loadtest needs wrk (Debian package 'wrk')" >&2; exit 1; fi; }
	$(PY) bench/loadtest.py

bench: $(VENV)/.dev collectstatic
	$(PY) bench/run.py

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy jwtdebugger
