#!/usr/bin/env bash
# Announces the anycast service prefix while the local node is ready, withdraws it otherwise.
# Run by ExaBGP as a "process" (exabgp.conf): ExaBGP reads the announce/withdraw commands this
# prints on stdout; state changes are logged on stderr. A route is announced only after RISE
# consecutive good checks and withdrawn after FALL bad ones, so one slow answer does not flap
# the route. A check is good when /readyz answers 200 within the timeout: serving, caught up
# with the stream, NATS reachable, not shutting down (see services/node/README.md).
#
# Environment (defaults in brackets):
#   SHOAL_HEALTH_URL        [http://127.0.0.1:8053/readyz]
#   SHOAL_ANYCAST_PREFIXES  space-separated prefixes [192.0.2.53/32]
#   SHOAL_NEXT_HOP          [self]
#   SHOAL_HEALTH_INTERVAL   seconds between checks [1]
#   SHOAL_HEALTH_TIMEOUT    seconds per check [1]
#   SHOAL_HEALTH_RISE       [3]
#   SHOAL_HEALTH_FALL       [2]
set -u
URL=${SHOAL_HEALTH_URL:-http://127.0.0.1:8053/readyz}
PREFIXES=${SHOAL_ANYCAST_PREFIXES:-192.0.2.53/32}
NEXT_HOP=${SHOAL_NEXT_HOP:-self}
INTERVAL=${SHOAL_HEALTH_INTERVAL:-1}
TIMEOUT=${SHOAL_HEALTH_TIMEOUT:-1}
RISE=${SHOAL_HEALTH_RISE:-3}
FALL=${SHOAL_HEALTH_FALL:-2}

state=withdrawn
good=0
bad=0

emit() { # announce|withdraw
  local prefix
  for prefix in $PREFIXES; do echo "$1 route $prefix next-hop $NEXT_HOP"; done
}

log() { echo "shoal-health: $*" >&2; }

# On stop (ExaBGP going down, or systemd), withdraw first so traffic moves at once.
stop() {
  [ "$state" = announced ] && emit withdraw
  exit 0
}
trap stop TERM INT

log "checking $URL every ${INTERVAL}s (rise $RISE, fall $FALL) for $PREFIXES"
while true; do
  reason=$(curl -sS -o /dev/null -w '%{http_code}' --max-time "$TIMEOUT" "$URL" 2>&1)
  if [ "$reason" = 200 ]; then
    good=$((good + 1))
    bad=0
  else
    bad=$((bad + 1))
    good=0
  fi
  # The state changes so that a TERM trapped between the two lines still leaves nothing
  # announced: "announced" before announcing, "withdrawn" only after withdrawing (a repeated
  # withdraw is harmless to ExaBGP; a forgotten one keeps attracting traffic).
  if [ "$state" = withdrawn ] && [ "$good" -ge "$RISE" ]; then
    state=announced
    emit announce
    log "ready: announced"
  elif [ "$state" = announced ] && [ "$bad" -ge "$FALL" ]; then
    emit withdraw
    state=withdrawn
    log "not ready ($reason): withdrawn"
  fi
  sleep "$INTERVAL" &
  wait $!
done
