# PLG Portal: `make run` for a demo on http://127.0.0.1:8000, `make test` for the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# The embedded default: SQLite, Celery tasks inline, mail printed on the console.
DEV_ENV := DEBUG=1 CELERY_TASK_ALWAYS_EAGER=1

.PHONY: run test lint check messages install install-dev clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed-runtime: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-runtime

install: $(VENV)/.installed-runtime
install-dev: $(VENV)/.installed-dev

# French comes as a catalogue compiled at build time; Dutch needs none (it is the source text).
messages: $(VENV)/.installed-runtime
	$(DEV_ENV) $(MANAGE) compilemessages --ignore=.venv --ignore=var -v0

run: install messages
	$(DEV_ENV) $(MANAGE) migrate --noinput
	$(DEV_ENV) $(MANAGE) seed_demo
	$(DEV_ENV) $(MANAGE) runserver 127.0.0.1:8000

test: install-dev messages
	$(PY) -m pytest

lint: install-dev
	$(VENV)/bin/ruff check .

check: install-dev
	$(DEV_ENV) $(MANAGE) makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=ci-deploy-check-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyzABCDEFG \
		ALLOWED_HOSTS=plg.example.org SITE_URL=https://plg.example.org \
		EMAIL_URL=smtp+tls://mail.example.org:587 CACHE_URL=rediscache://127.0.0.1:6379/1 \
		$(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var db.sqlite3 plgportal.egg-info
