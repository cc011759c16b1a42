# Process management for scripts/fleet.sh: start in the background with logs, wait for a
# line or an answer, and stop exactly the processes started here (by pid, newest first).

FLEET_PIDS=()
FLEET_NAMES=()

fleet_spawn() { # name command...
  local name=$1
  shift
  "$@" >"$DATA/logs/$name.log" 2>&1 &
  FLEET_PIDS+=($!)
  FLEET_NAMES+=("$name")
  echo "$! $name" >>"$DATA/fleet.pids"
}

fleet_stop() {
  local i pid deadline
  [ ${#FLEET_PIDS[@]} -eq 0 ] && return 0
  echo
  echo "stopping..."
  for ((i = ${#FLEET_PIDS[@]} - 1; i >= 0; i--)); do kill -TERM "${FLEET_PIDS[$i]}" 2>/dev/null || true; done
  deadline=$((SECONDS + 15))
  for pid in "${FLEET_PIDS[@]}"; do
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  FLEET_PIDS=()
  echo "stopped."
}

fleet_fail() {
  echo "fleet: $*" >&2
  exit 1
}

fleet_wait_line() { # file pattern what
  for _ in $(seq 1 300); do
    if grep -q "$2" "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  tail -20 "$1" >&2
  fleet_fail "$3 did not start; see $1"
}

# JetStream on a cluster needs a meta leader before the admin can create the stream.
fleet_wait_meta_leader() { # first client port
  local i
  for _ in $(seq 1 300); do
    for i in 0 1 2; do
      if curl -fsS --max-time 1 "http://127.0.0.1:$(($1 + 200 + i))/jsz" 2>/dev/null | grep -q '"leader": *"[^"]'; then return 0; fi
    done
    sleep 0.1
  done
  fleet_fail "the NATS cluster elected no JetStream leader; see $DATA/logs/"
}

fleet_wait_answer() { # address port what
  for _ in $(seq 1 200); do
    if dig +short +time=1 +tries=1 @"$1" -p "$2" example.test SOA 2>/dev/null | grep -q hostmaster; then return 0; fi
    sleep 0.1
  done
  fleet_fail "$3 does not answer for example.test on $1:$2; see $DATA/logs/$3.log"
}

fleet_watch() {
  local i
  while true; do
    for i in "${!FLEET_PIDS[@]}"; do
      if ! kill -0 "${FLEET_PIDS[$i]}" 2>/dev/null; then
        echo "fleet: ${FLEET_NAMES[$i]} exited; see $DATA/logs/${FLEET_NAMES[$i]}.log" >&2
        exit 1
      fi
    done
    sleep 1
  done
}
