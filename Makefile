# ISO điện tử — the two commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000

# uv: use the one on PATH, else install a pinned copy into .tools/ (no system changes).
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV_BIN := .venv/bin
# make run is a demo, not a debug server: debug off (the product's own 403/404/500 pages), a local
# secret key generated once into var/secret_key, static files collected and served by WhiteNoise,
# plain-HTTP cookies on the loopback address. QMS_DEBUG=1 make run brings Django's debug pages back.
SECRET_KEY_FILE := var/secret_key
DEMO_ENV := QMS_ALLOW_DEMO=1 QMS_SECRET_KEY_FILE=$(SECRET_KEY_FILE) QMS_ALLOWED_HOSTS=$(HOST),127.0.0.1,localhost \
	QMS_SECURE_COOKIES=0

.PHONY: install run serve demo migrate static test test-pg lint format bench e2e clean

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv>=0.9,<1"

install: $(UV)
	$(UV) sync --frozen --quiet

$(SECRET_KEY_FILE):
	mkdir -p var
	(umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@)

migrate: install $(SECRET_KEY_FILE)
	$(DEMO_ENV) $(VENV_BIN)/qms migrate --no-input -v0

demo: migrate
	$(DEMO_ENV) $(VENV_BIN)/qms demo

static: install $(SECRET_KEY_FILE)
	$(DEMO_ENV) $(VENV_BIN)/qms collectstatic --no-input -v0

# Web server and background worker together; Ctrl+C stops both.
run: demo static
	@echo "ISO điện tử đang chạy tại http://$(HOST):$(PORT)/ (Ctrl+C để dừng)"
	@trap 'kill 0' EXIT INT TERM; \
	$(DEMO_ENV) $(VENV_BIN)/qms db_worker --interval 2 & \
	$(DEMO_ENV) $(VENV_BIN)/qms runserver $(HOST):$(PORT) --noreload

test: install
	$(VENV_BIN)/pytest -n auto -q

test-pg: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/qms} $(VENV_BIN)/pytest -n auto -q

lint: install
	$(VENV_BIN)/ruff check .
	$(VENV_BIN)/ruff format --check .
	$(VENV_BIN)/mypy qms config bench
	$(VENV_BIN)/lint-imports
	QMS_TESTING=1 $(VENV_BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(VENV_BIN)/ruff check --fix .
	$(VENV_BIN)/ruff format .

bench: install
	QMS_DEBUG=1 $(VENV_BIN)/python -m bench $(BENCH_ARGS)

e2e: install
	$(VENV_BIN)/pytest e2e -q

clean:
	rm -rf var/bench .pytest_cache .mypy_cache .ruff_cache
