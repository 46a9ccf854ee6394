#!/usr/bin/env bash
# Keeps one command running: restarts it whenever it exits, each run in its own process group so that stopping
# (or a crash of the main process) also stops its children. On SIGTERM or SIGINT it stops the command (SIGTERM to the group, then SIGKILL after
# $STOP_SECONDS for a process that ignores it) and exits. Usage: scripts/supervise.sh LOG COMMAND [ARGS...]
set -uo pipefail
log=$1
shift
stop_seconds=${STOP_SECONDS:-10}
child=""
stopping=""

stop_group() {  # SIGTERM to the run's process group, SIGKILL to whatever is left after $stop_seconds
  if [ -n "$child" ] && kill -0 -- "-$child" 2>/dev/null; then
    kill -TERM -- "-$child" 2>/dev/null
    for _ in $(seq "$stop_seconds"); do
      kill -0 -- "-$child" 2>/dev/null || break
      sleep 1
    done
    kill -KILL -- "-$child" 2>/dev/null
  fi
}

stop() {
  stopping=1
  stop_group
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
  stop_group  # a main process killed outright leaves its children behind: they go too
  sleep 2
done
