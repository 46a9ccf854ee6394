#!/usr/bin/env bash
# Keeps one command running: restarts it whenever it exits, each run in its own process group so that stopping
# also stops its children. On SIGTERM or SIGINT it stops the command (SIGTERM to the group, then SIGKILL after
# $STOP_SECONDS for a process that ignores it) and exits. Usage: scripts/supervise.sh LOG COMMAND [ARGS...]
set -uo pipefail
log=$1
shift
stop_seconds=${STOP_SECONDS:-10}
child=""
stopping=""

stop() {
  stopping=1
  if [ -n "$child" ] && kill -0 -- "-$child" 2>/dev/null; then
    kill -TERM -- "-$child" 2>/dev/null
    for _ in $(seq "$stop_seconds"); do
      kill -0 -- "-$child" 2>/dev/null || break
      sleep 1
    done
    kill -KILL -- "-$child" 2>/dev/null
  fi
  exit 0
}
trap stop TERM INT

while [ -z "$stopping" ]; do
  setsid "$@" >>"$log" 2>&1 &
  child=$!
  wait "$child"
  status=$?
  [ -n "$stopping" ] && break
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) supervise: $1 exited ($status), restarting in 2 s" >>"$log"
  sleep 2
done
