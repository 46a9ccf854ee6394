#!/usr/bin/env bash
# Backup and restore drill: dump a database with pg_dump, restore it into a scratch database with pg_restore,
# and compare every table's row count and checksum (md5 of its rows in a fixed order). Exits non-zero on any
# difference. The scratch database is dropped afterwards.
#   scripts/backup_drill.sh postgres://user@host:port/dbname
set -euo pipefail
url=$1
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
base=${url%/*}
name=${url##*/}
scratch="${name}_restore_drill"
dump=$(mktemp /tmp/accueil-drill.XXXXXX.dump)
trap 'rm -f "$dump"; "$bindir/dropdb" --if-exists -d "$base/postgres" "$scratch" >/dev/null 2>&1 || "$bindir/psql" -q "$base/postgres" -c "DROP DATABASE IF EXISTS \"$scratch\"" >/dev/null 2>&1 || true' EXIT

started=$(date +%s.%N)
"$bindir/pg_dump" -Fc -f "$dump" "$url"
"$bindir/psql" -q "$base/postgres" -c "DROP DATABASE IF EXISTS \"$scratch\"" -c "CREATE DATABASE \"$scratch\"" >/dev/null 2>&1
"$bindir/pg_restore" --no-owner --exit-on-error -d "$base/$scratch" "$dump"
restored=$(date +%s.%N)

fingerprint() {  # one line per table: name, row count, md5 of the rows in a fixed order
  "$bindir/psql" -qAtX "$1" <<'SQL'
DO $$ BEGIN CREATE TEMP TABLE drill_fingerprint (name text, n bigint, sum text); END $$;
DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT schemaname, tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename LOOP
    EXECUTE format(
      'INSERT INTO drill_fingerprint SELECT %L, count(*), coalesce(md5(string_agg(r::text, E''\n'' ORDER BY r::text)), '''') FROM %I.%I r',
      t.tablename, t.schemaname, t.tablename);
  END LOOP;
END $$;
SELECT name || ' ' || n || ' ' || sum FROM drill_fingerprint ORDER BY name;
SQL
}
before=$(fingerprint "$url")
after=$(fingerprint "$base/$scratch")
tables=$(echo "$before" | wc -l)
rows=$(echo "$before" | awk '{s += $2} END {print s}')
if [ "$before" != "$after" ]; then
  echo "backup drill: FAILED, the restored database differs:"
  diff <(echo "$before") <(echo "$after") | head -20
  exit 1
fi
printf 'backup drill: %s tables, %s rows restored identical (counts and checksums) in %.1f s; dump %s KB\n' \
  "$tables" "$rows" "$(python3 -c "print($restored - $started)")" "$(( $(stat -c %s "$dump") / 1024 ))"
