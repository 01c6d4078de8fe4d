# Two commands: `make run` serves the portal, `make test` runs the whole suite.
# Each does every set-up step it needs first, and skips what is already done.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup system-run system-test assets i18n db lint format bench clean

run: system-run setup db
	DJANGO_DEBUG=true $(PY) manage.py seed_demo
	@echo "DBI portal: http://$(HOST):$(PORT)/  (admin: /admin/, API docs: /api/docs/)"
	DJANGO_DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

test: system-test setup
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed static/vendor/.installed i18n

system-run:
	@scripts/system-deps.sh run

system-test:
	@scripts/system-deps.sh test

$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# --no-deps: the lock is the whole resolution; pip 23's resolver otherwise looks up an extra
	# (fonttools[woff]) afresh and fails on a newer release that has no hash in the lock.
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock 2> >(grep -v "is ignored: it is neither" >&2)
	$(PY) -m pip check
	touch $@

# Front-end assets come from the npm registry and are served locally: no CDN anywhere.
static/vendor/.installed: package.json package-lock.json scripts/vendor-assets.sh
	npm ci --no-audit --no-fund --loglevel=error
	scripts/vendor-assets.sh node_modules static/vendor
	touch $@

i18n: $(VENV)/.installed
	@for po in locale/*/LC_MESSAGES/django.po; do \
	  mo=$${po%.po}.mo; \
	  if [ ! -f "$$mo" ] || [ "$$po" -nt "$$mo" ]; then $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules >/dev/null && break; fi; \
	done

db: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_divisions
	$(PY) manage.py load_catalog
	$(PY) manage.py check_catalog

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: setup
	$(PY) bench/scoring_bench.py

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles db.sqlite3
