# Accueil — the two commands: `make demo` and `make test`.
PORT ?= 8000
DEMO_PASSWORD ?= accueil-demo-2015
PY := .venv/bin/python
export DEMO_PASSWORD

.PHONY: demo test setup lint typecheck messages coverage bench

setup:
	scripts/bootstrap.sh

demo: setup
	scripts/demo.sh $(PORT)

test:
	scripts/test.sh

lint:
	.venv/bin/ruff check .

typecheck:
	.venv/bin/mypy

messages:
	$(PY) manage.py makemessages --all --ignore '.venv/*' --ignore 'var/*' --no-obsolete
	$(PY) manage.py translation_coverage

coverage:
	$(PY) manage.py translation_coverage

bench:
	scripts/bench.sh
