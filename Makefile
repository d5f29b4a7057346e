# PLG Portal: `make run` for a demo on http://127.0.0.1:8000, `make test` for the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# The embedded default: SQLite, Celery tasks inline, mail printed on the console.
DEV_ENV := DEBUG=1 CELERY_TASK_ALWAYS_EAGER=1

# The locks: exact versions with hashes, generated from pyproject.toml's ranges by `make lock`.
# requirements-dev.txt is requirements.txt plus the dev extra, at the same versions.
LOCK := requirements.txt
DEV_LOCK := requirements-dev.txt
# --no-deps: every package, dependencies included, must come from the lock itself.
PIP_INSTALL := $(PY) -m pip install --quiet --require-hashes --no-deps
LOCK_COMPILE := $(VENV)/bin/uv pip compile pyproject.toml --quiet --generate-hashes --universal \
	--python-version 3.11 --custom-compile-command "make lock"

.PHONY: run test bench bench-quick lint check messages install install-dev lock upgrade clean

# A changed lock gets a new virtual environment, so nothing an earlier lock installed lingers.
$(VENV)/.created: $(LOCK) $(DEV_LOCK)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	touch $@

$(VENV)/.installed-runtime: $(VENV)/.created
	$(PIP_INSTALL) -r $(LOCK)
	touch $@

$(VENV)/.installed-dev: $(VENV)/.created
	$(PIP_INSTALL) -r $(DEV_LOCK)
	touch $@ $(VENV)/.installed-runtime

install: $(VENV)/.installed-runtime
install-dev: $(VENV)/.installed-dev

# After editing pyproject.toml: keeps every pin that still fits its range, resolves the rest.
lock: install-dev
	$(LOCK_COMPILE) --extra dev -o $(DEV_LOCK)
	$(LOCK_COMPILE) -c $(DEV_LOCK) -o $(LOCK)

# Every package to the newest version pyproject.toml's ranges allow.
upgrade: install-dev
	$(LOCK_COMPILE) --upgrade --extra dev -o $(DEV_LOCK)
	$(LOCK_COMPILE) -c $(DEV_LOCK) -o $(LOCK)

# Every catalogue, compiled at build time: French (plgportal/locale/fr), and plgportal/locale/nl,
# which only turns allauth's informal Dutch ("je") into "u" (the portal's Dutch is the source).
messages: $(VENV)/.installed-runtime
	$(DEV_ENV) $(MANAGE) compilemessages --ignore=.venv --ignore=var -v0

run: install messages
	$(DEV_ENV) $(MANAGE) migrate --noinput
	$(DEV_ENV) $(MANAGE) seed_demo
	$(DEV_ENV) $(MANAGE) runserver 127.0.0.1:8000

# One pytest worker per core (pytest-xdist): each gets its own test database, and the Celery
# worker tests their own Redis key prefix, so they never share state.
test: install-dev messages
	$(PY) -m pytest -n auto

# Speed figures, printed; never pass/fail on time (the machines are shared and noisy): the PDF
# render times, then every key page served in production shape next to a bare view
# (tests/benchmarks/serve.py; figures in var/bench/latest.md). Needs PostgreSQL
# (BENCH_DATABASE_URL). BENCH_ARGS passes options, e.g. BENCH_ARGS="--gc both --pages ranking".
BENCH_ARGS ?=
bench: install-dev messages
	$(PY) -m pytest tests/benchmarks -q -s -o python_files='bench_*.py' \
		-o python_functions='bench_*'
	$(PY) -m tests.benchmarks.serve $(BENCH_ARGS)

# The same at CI size (30 dossiers, 0.5 s a page, 4 clients, its own database): that every page
# serves in production shape (a page answering other than 200 fails it), with rough figures.
bench-quick: install-dev messages
	$(PY) -m pytest tests/benchmarks -q -s -o python_files='bench_*.py' \
		-o python_functions='bench_*'
	$(PY) -m tests.benchmarks.serve --quick $(BENCH_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

check: install-dev
	$(DEV_ENV) $(MANAGE) makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=ci-deploy-check-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyzABCDEFG \
		ALLOWED_HOSTS=plg.example.org SITE_URL=https://plg.example.org \
		EMAIL_URL=smtp+tls://mail.example.org:587 CACHE_URL=rediscache://127.0.0.1:6379/1 \
		$(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var db.sqlite3 plgportal.egg-info
