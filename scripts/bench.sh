#!/usr/bin/env bash
# Runs every benchmark in bench/ against SQLite and a throwaway PostgreSQL cluster on loopback.
# Figures are printed; docs/benchmarks.md keeps them with the machine, the date and the command.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --test
py=.venv/bin/python
pgdir=$(mktemp -d /tmp/accueil-bench-pg.XXXXXX)
trap 'scripts/postgres.sh stop "$pgdir"' EXIT
url=$(scripts/postgres.sh start "$pgdir")
base=${url%/*}
echo "== Matching engine";            $py bench/matching_bench.py "$@"
echo "== Recommendations (SQLite)";   $py bench/recommendations_bench.py
echo "== Recommendations (PostgreSQL)"; $py bench/recommendations_bench.py --database-url "$base/accueil_bench_reco"
echo "== Sign-up surge (PostgreSQL)"; $py bench/signup_surge.py --database-url "$base/accueil_bench_surge"
echo "== Plan dashboard (SQLite)";    $py bench/plan_dashboard_bench.py
echo "== Plan dashboard (PostgreSQL)"; $py bench/plan_dashboard_bench.py --database-url "$base/accueil_bench_plan"
echo "== Donations allocation";       $py bench/donations_bench.py
for extra in bench/directory_search_bench.py bench/guide_pdf_bench.py; do
  [ -f "$extra" ] && { echo "== $extra"; $py "$extra"; }
done
