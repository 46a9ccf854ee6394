#!/usr/bin/env bash
# Runs the Paris demo on the embedded SQLite database: migrations, demo data (kept between runs),
# the background worker, and the web server on http://127.0.0.1:$PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-${PORT:-8000}}
export DJANGO_SETTINGS_MODULE=config.settings.local
export DEMO_PASSWORD=${DEMO_PASSWORD:-accueil-demo-2015}
py=.venv/bin/python

$py manage.py migrate --noinput -v 0
$py manage.py collectstatic --noinput -v 0
$py manage.py createcachetable
$py manage.py load_demo
# Every periodic job the apps declare in their jobs.py (outbox, reminders, expiry, staleness, retention); idempotent.
$py manage.py schedules >/dev/null

# The worker is supervised: restarted if it dies, stopped with the server (SIGKILL if it ignores SIGTERM).
mkdir -p var
scripts/supervise.sh var/worker.log $py manage.py qcluster &
supervisor=$!
stop_worker() {
  kill -TERM "$supervisor" 2>/dev/null || true
  wait "$supervisor" 2>/dev/null || true
}
trap stop_worker EXIT
trap 'exit 130' INT TERM

echo
echo "Accueil is serving the Paris demo at http://127.0.0.1:$port/"
echo "Emails are written to var/mail/, text messages to var/sms/, the worker logs to var/worker.log."
echo "The worker's heartbeat and the oldest waiting message: http://127.0.0.1:$port/healthz"
echo
.venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:$port" --workers 2 --threads 4 \
  --access-logfile - --env DJANGO_SETTINGS_MODULE=config.settings.local
