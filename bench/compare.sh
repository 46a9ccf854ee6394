#!/usr/bin/env bash
# Side by side on one machine, in one run: the sign-up surge, directory search and plan dashboard benchmarks of
# two commits, alternated (old, new, old, new, ...) so that load changes hit both alike.
#   bench/compare.sh OLD_REV [NEW_REV] [ROUNDS]     (NEW_REV defaults to the work tree, ROUNDS to 2)
# Each commit runs from its own temporary work tree with this checkout's virtualenv; the figures of every round
# are printed, then the medians and the ratio new ÷ old (for times, below 1 is faster).
set -euo pipefail
cd "$(dirname "$0")/.."
old=$1
new=${2:-}
rounds=${3:-2}
root=$(pwd)
tmp=$(mktemp -d /tmp/accueil-compare.XXXXXX)
pgdir=$(mktemp -d /tmp/accueil-compare-pg.XXXXXX)  # its own folder: the cluster runs as an unprivileged user
cleanup() {
  scripts/postgres.sh stop "$pgdir" || true
  git worktree remove --force "$tmp/old" >/dev/null 2>&1 || true
  [ -n "$new" ] && git worktree remove --force "$tmp/new" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
git worktree add -q --detach "$tmp/old" "$old"
ln -s "$root/.venv" "$tmp/old/.venv"
if [ -n "$new" ]; then
  git worktree add -q --detach "$tmp/new" "$new"
  ln -s "$root/.venv" "$tmp/new/.venv"
  newdir="$tmp/new"
else
  newdir="$root"
fi
# Both sides run with this checkout's virtualenv (never reinstalled from the other side's lock); only their
# translation catalogues are compiled.
for dir in "$tmp/old" "$newdir"; do
  [ "$dir" = "$root" ] && continue  # this checkout's catalogues are compiled by scripts/bootstrap.sh
  for po in "$dir"/locale/*/LC_MESSAGES/*.po; do msgfmt -o "${po%.po}.mo" "$po"; done
done
url=$(scripts/postgres.sh start "$pgdir")
base=${url%/*}
py="$root/.venv/bin/python"
out="$tmp/figures.tsv"
: >"$out"
run() {  # side dir round
  local side=$1 dir=$2 round=$3 log
  log="$tmp/$side-$round.log"
  (cd "$dir" && "$py" bench/signup_surge.py --database-url "$base/surge_$side" --port $((18500 + round)) >"$log" 2>&1)
  (cd "$dir" && "$py" bench/directory_search_bench.py --database-url "sqlite:///$tmp/dir_$side.sqlite3" --runs 300 >>"$log" 2>&1)
  (cd "$dir" && "$py" bench/plan_dashboard_bench.py --database-url "sqlite:///$tmp/plan_$side.sqlite3" >>"$log" 2>&1)
  "$py" - "$log" "$side" "$round" >>"$out" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
side, rnd = sys.argv[2], sys.argv[3]
def grab(label, pattern):
    m = re.search(pattern, text)
    print(f"{side}\t{rnd}\t{label}\t{m.group(1) if m else 'nan'}")
grab("surge_signups_per_s", r"([\d.]+) sign-ups/s")
grab("search_p95_ms", r"services_search: .*?p95=([\d.]+) ms")
grab("dashboard_p95_ms", r"GET /fr/plan/: p50 [\d.]+ ms, p95 ([\d.]+) ms")
PY
}
for round in $(seq 1 "$rounds"); do
  run old "$tmp/old" "$round"
  run new "$newdir" "$round"
done
cat "$out"
"$py" - "$out" <<'PY'
import statistics, sys
rows = [line.split("\t") for line in open(sys.argv[1]).read().splitlines()]
for label in dict.fromkeys(r[2] for r in rows):
    old = [float(r[3]) for r in rows if r[2] == label and r[0] == "old"]
    new = [float(r[3]) for r in rows if r[2] == label and r[0] == "new"]
    mo, mn = statistics.median(old), statistics.median(new)
    print(f"{label}: old {mo:.1f}, new {mn:.1f}, new/old {mn / mo:.2f}")
PY
