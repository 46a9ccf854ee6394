#!/usr/bin/env bash
# The whole suite: PostgreSQL (throwaway cluster), a smoke run on SQLite, browser tests in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --test

export DJANGO_SETTINGS_MODULE=config.settings.test
pgdir=$(mktemp -d /tmp/accueil-pg.XXXXXX)
trap 'scripts/postgres.sh stop "$pgdir"' EXIT
DATABASE_URL=$(scripts/postgres.sh start "$pgdir")
export DATABASE_URL
echo "PostgreSQL test cluster: $DATABASE_URL"

echo "== Lint and types"
.venv/bin/ruff check .
.venv/bin/mypy
echo "== Architecture rules (import contracts, no direct query of a sensitive model in views and endpoints)"
.venv/bin/python manage.py architecture_check
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null

echo "== Deploy checks under production settings"
DJANGO_SETTINGS_MODULE=config.settings.production \
  DJANGO_SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
  ACCUEIL_FIELD_ENCRYPTION_KEYS="$(.venv/bin/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
  DJANGO_ALLOWED_HOSTS=accueil.example.org .venv/bin/python manage.py check --deploy --fail-level WARNING

echo "== Test suite on PostgreSQL (with browser tests)"
.venv/bin/python -m pytest -n 2 --dist loadgroup -p no:cacheprovider "$@"

echo "== Backup and restore drill on the Paris demo (PostgreSQL)"
drill_url="${DATABASE_URL%/*}/accueil_drill"
"$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql" -q "${DATABASE_URL%/*}/postgres" -c "CREATE DATABASE accueil_drill" >/dev/null
DATABASE_URL=$drill_url DJANGO_SETTINGS_MODULE=config.settings.local .venv/bin/python manage.py migrate -v0
DATABASE_URL=$drill_url DJANGO_SETTINGS_MODULE=config.settings.local .venv/bin/python manage.py load_demo >/dev/null
scripts/backup_drill.sh "$drill_url"

echo "== Smoke run on SQLite"
env -u DATABASE_URL .venv/bin/python -m pytest -p no:cacheprovider -m smoke -q
