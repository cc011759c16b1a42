#!/usr/bin/env bash
# Sets up and starts a single-machine Shoal cluster in the foreground:
#   nats-server (JetStream, data in .data/nats, 127.0.0.1:14222)
#   the admin service (gRPC on 127.0.0.1:5380, token in .data/admin-token)
#   one node answering DNS on 127.0.0.1:5300 (UDP and TCP), with example.test. loaded,
#     its dashboard, /metrics and /readyz on http://127.0.0.1:8053/
#   the transfer bridge (NOTIFY to legacy secondaries; NOTIFY in on 127.0.0.1:5301)
# Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
bash scripts/setup.sh --runtime

DATA=${SHOAL_DATA:-$ROOT/.data}
NATS_PORT=${SHOAL_NATS_PORT:-14222}
DNS_PORT=${SHOAL_DNS_PORT:-5300}
GRPC_PORT=${SHOAL_GRPC_PORT:-5380}
WEB_PORT=${SHOAL_WEB_PORT:-8053}
NOTIFY_PORT=${SHOAL_NOTIFY_PORT:-5301}
mkdir -p "$DATA/nats" "$DATA/logs"
if [ ! -s "$DATA/admin-token" ]; then
  node -e 'process.stdout.write(require("crypto").randomBytes(24).toString("hex"))' > "$DATA/admin-token"
  chmod 600 "$DATA/admin-token"
fi
TOKEN=$(cat "$DATA/admin-token")

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "stopping..."
  for ((i=${#pids[@]}-1; i>=0; i--)); do kill -TERM "${pids[$i]}" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "stopped."
}
# Ctrl-C and TERM stop everything and end here; a child that exits on its own ends the wait below.
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap cleanup EXIT

wait_for_line() { # file pattern what
  for _ in $(seq 1 300); do
    if grep -q "$2" "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "start: $3 did not start; see $1" >&2
  tail -20 "$1" >&2
  exit 1
}

cat > "$DATA/nats.conf" <<CONF
server_name: local
listen: 127.0.0.1:$NATS_PORT
# As deploy/nats: room for a first DNSSEC signing or a ZoneSnapshot of a larger zone in one event.
max_payload: 8MB
jetstream { store_dir: "$DATA/nats" }
CONF
: > "$DATA/logs/nats.log"
nats-server -c "$DATA/nats.conf" >"$DATA/logs/nats.log" 2>&1 &
pids+=($!)
wait_for_line "$DATA/logs/nats.log" "Server is ready" nats-server

export SHOAL_NATS_URL="nats://127.0.0.1:$NATS_PORT"
: > "$DATA/logs/admin.log"
SHOAL_ADMIN_TOKEN="$TOKEN" SHOAL_ADMIN_GRPC_LISTEN="127.0.0.1:$GRPC_PORT" SHOAL_ADMIN_DATA_DIR="$DATA/admin" \
  node services/admin/dist/main.js >"$DATA/logs/admin.log" 2>&1 &
pids+=($!)
wait_for_line "$DATA/logs/admin.log" "shoal-admin listening" "the admin service"

: > "$DATA/logs/node.log"
SHOAL_NODE_ID=node1 SHOAL_NODE_DATA_DIR="$DATA/node1" SHOAL_DNS_LISTEN="127.0.0.1:$DNS_PORT" \
  SHOAL_WEB_LISTEN="127.0.0.1:$WEB_PORT" node services/node/dist/main.js >"$DATA/logs/node.log" 2>&1 &
pids+=($!)
wait_for_line "$DATA/logs/node.log" "shoal-node serving" "the node"

: > "$DATA/logs/bridge.log"
SHOAL_BRIDGE_ID=bridge1 SHOAL_BRIDGE_DATA_DIR="$DATA/bridge1" SHOAL_BRIDGE_NOTIFY_LISTEN="127.0.0.1:$NOTIFY_PORT" \
  node services/bridge/dist/main.js >"$DATA/logs/bridge.log" 2>&1 &
pids+=($!)
wait_for_line "$DATA/logs/bridge.log" "shoal-bridge ready" "the transfer bridge"

export SHOAL_ADMIN_ADDR="127.0.0.1:$GRPC_PORT" SHOAL_ADMIN_TOKEN_FILE="$DATA/admin-token"
if ! bin/dnsctl zone show example.test >/dev/null 2>&1; then
  bin/dnsctl zone create example.test --zone-file deploy/local/example.test.zone --reason "example zone"
fi
# The node answers as soon as it has applied the zone's event.
for _ in $(seq 1 100); do
  if dig +short +time=1 +tries=1 @127.0.0.1 -p "$DNS_PORT" example.test SOA | grep -q hostmaster; then break; fi
  sleep 0.1
done

cat <<MSG

Shoal is running: nats-server, the admin service, one node and the transfer bridge.
  Query it:      dig @127.0.0.1 -p $DNS_PORT example.test SOA
                 dig @127.0.0.1 -p $DNS_PORT www.example.test A
  Change it:     export SHOAL_ADMIN_ADDR=127.0.0.1:$GRPC_PORT SHOAL_ADMIN_TOKEN_FILE=$DATA/admin-token
                 bin/dnsctl rrset replace example.test new A 192.0.2.7 --ttl 300
                 bin/dnsctl zone show example.test
  Fleet:         bin/dnsctl fleet status
  Dashboard:     http://127.0.0.1:$WEB_PORT/   (health: /healthz, /readyz)
  Logs:          $DATA/logs/
Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}" || true
echo "start: a process exited; see $DATA/logs/" >&2
