#!/usr/bin/env bash
# A local Shoal fleet for demos, tests and benchmarks, in the foreground:
#   a three-server NATS JetStream cluster (stream replicas 3)
#   the admin service (gRPC, fleet page)
#   N nodes, each on its own loopback address (127.0.0.11, .12, ...), DNS on port 5300
#   and its web server (dashboard, metrics, health) on port 8053 of the same address,
#   spread over two regions, with example.test. loaded.
# Ctrl-C (or SIGTERM) stops everything it started.
#
# Usage: scripts/fleet.sh [N]        (N = number of nodes, default 3)
# Environment (all optional):
#   SHOAL_FLEET_DATA       working directory (default .data/fleet; wiped on start)
#   SHOAL_FLEET_NET        first three octets of the node addresses (default 127.0.0)
#   SHOAL_FLEET_FIRST      last octet of the first node (default 11)
#   SHOAL_FLEET_DNS_PORT   DNS port on every node address (default 5300; 53 needs root)
#   SHOAL_FLEET_WEB_PORT   web port on every node address (default 8053)
#   SHOAL_FLEET_NATS_PORT  client port of the first NATS server (default 14322; +1, +2 for the others)
#   SHOAL_FLEET_GRPC_PORT  admin gRPC port on 127.0.0.1 (default 5390)
#   SHOAL_FLEET_PAGE_PORT  admin fleet page port on 127.0.0.1 (default 8054)
#   SHOAL_FLEET_REGIONS    comma-separated regions, assigned round-robin (default eu-west,us-east)
#   SHOAL_SKIP_SETUP=1     do not run scripts/setup.sh --runtime (already installed and built)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
N=${1:-3}
if ! [[ "$N" =~ ^[0-9]+$ ]] || [ "$N" -lt 1 ] || [ "$N" -gt 200 ]; then
  echo "usage: scripts/fleet.sh [N]   (1..200 nodes)" >&2
  exit 2
fi
[ "${SHOAL_SKIP_SETUP:-}" = 1 ] || bash scripts/setup.sh --runtime

DATA=${SHOAL_FLEET_DATA:-$ROOT/.data/fleet}
NET=${SHOAL_FLEET_NET:-127.0.0}
FIRST=${SHOAL_FLEET_FIRST:-11}
DNS_PORT=${SHOAL_FLEET_DNS_PORT:-5300}
WEB_PORT=${SHOAL_FLEET_WEB_PORT:-8053}
NATS_PORT=${SHOAL_FLEET_NATS_PORT:-14322}
GRPC_PORT=${SHOAL_FLEET_GRPC_PORT:-5390}
PAGE_PORT=${SHOAL_FLEET_PAGE_PORT:-8054}
IFS=, read -r -a REGIONS <<<"${SHOAL_FLEET_REGIONS:-eu-west,us-east}"
if [ $((FIRST + N - 1)) -gt 254 ]; then
  echo "fleet: $N nodes from $NET.$FIRST do not fit in $NET.0/24" >&2
  exit 2
fi

source scripts/fleet/lib.sh
rm -rf "$DATA"
mkdir -p "$DATA/logs"
: >"$DATA/fleet.pids"
trap 'fleet_stop; trap - EXIT; exit 0' INT TERM
trap 'fleet_stop' EXIT

# NATS: three servers, one JetStream cluster over loopback routes.
routes=""
for i in 0 1 2; do routes+="nats-route://127.0.0.1:$((NATS_PORT + 100 + i)),"; done
urls=()
for i in 0 1 2; do
  name="nats-$((i + 1))"
  mkdir -p "$DATA/$name"
  sed -e "s|@NAME@|$name|g" -e "s|@CLIENT_PORT@|$((NATS_PORT + i))|g" -e "s|@CLUSTER_PORT@|$((NATS_PORT + 100 + i))|g" \
    -e "s|@MONITOR_PORT@|$((NATS_PORT + 200 + i))|g" -e "s|@STORE@|$DATA/$name|g" -e "s|@ROUTES@|${routes%,}|g" \
    scripts/fleet/nats.conf.in >"$DATA/$name.conf"
  fleet_spawn "$name" nats-server -c "$DATA/$name.conf"
  urls+=("nats://127.0.0.1:$((NATS_PORT + i))")
done
for i in 0 1 2; do fleet_wait_line "$DATA/logs/nats-$((i + 1)).log" "Server is ready" "nats-$((i + 1))"; done
fleet_wait_meta_leader "$NATS_PORT"
NATS_URLS=$(IFS=,; echo "${urls[*]}")

# The admin: stream with three replicas, token in the data directory.
node -e 'process.stdout.write(require("crypto").randomBytes(24).toString("hex"))' >"$DATA/admin-token"
chmod 600 "$DATA/admin-token"
SHOAL_NATS_URL="$NATS_URLS" SHOAL_STREAM_REPLICAS=3 SHOAL_ADMIN_TOKEN="$(cat "$DATA/admin-token")" \
  SHOAL_ADMIN_GRPC_LISTEN="127.0.0.1:$GRPC_PORT" SHOAL_ADMIN_DATA_DIR="$DATA/admin" \
  SHOAL_FLEET_WEB_LISTEN="127.0.0.1:$PAGE_PORT" \
  fleet_spawn admin node services/admin/dist/main.js
fleet_wait_line "$DATA/logs/admin.log" "shoal-admin listening" "the admin service"

# The nodes: each prefers a different NATS server first, so load spreads over the cluster.
for ((i = 1; i <= N; i++)); do
  address="$NET.$((FIRST + i - 1))"
  region=${REGIONS[$(((i - 1) % ${#REGIONS[@]}))]}
  rotated=("${urls[@]:$(((i - 1) % 3))}" "${urls[@]:0:$(((i - 1) % 3))}")
  SHOAL_NATS_URL="$(IFS=,; echo "${rotated[*]}")" SHOAL_NODE_ID="node-$i" SHOAL_REGION="$region" \
    SHOAL_NODE_DATA_DIR="$DATA/node-$i" SHOAL_DNS_LISTEN="$address:$DNS_PORT" SHOAL_WEB_LISTEN="$address:$WEB_PORT" \
    fleet_spawn "node-$i" node services/node/dist/main.js
done
for ((i = 1; i <= N; i++)); do fleet_wait_line "$DATA/logs/node-$i.log" "shoal-node serving" "node-$i"; done

export SHOAL_ADMIN_ADDR="127.0.0.1:$GRPC_PORT" SHOAL_ADMIN_TOKEN_FILE="$DATA/admin-token"
node services/dnsctl/dist/main.js zone create example.test --zone-file deploy/local/example.test.zone \
  --reason "example zone" >"$DATA/logs/dnsctl.log" 2>&1 || { cat "$DATA/logs/dnsctl.log" >&2; exit 1; }
for ((i = 1; i <= N; i++)); do fleet_wait_answer "$NET.$((FIRST + i - 1))" "$DNS_PORT" "node-$i"; done

{
  echo
  echo "Shoal fleet is running: 3 NATS servers, the admin and $N nodes."
  printf '  %-8s %-10s %-22s %s\n' node region dns dashboard
  for ((i = 1; i <= N; i++)); do
    address="$NET.$((FIRST + i - 1))"
    printf '  %-8s %-10s %-22s %s\n' "node-$i" "${REGIONS[$(((i - 1) % ${#REGIONS[@]}))]}" "$address:$DNS_PORT" "http://$address:$WEB_PORT/"
  done
  echo "  Query:       dig @$NET.$FIRST -p $DNS_PORT www.example.test A"
  echo "  Change:      export SHOAL_ADMIN_ADDR=127.0.0.1:$GRPC_PORT SHOAL_ADMIN_TOKEN_FILE=$DATA/admin-token"
  echo "               bin/dnsctl rrset replace example.test new A 192.0.2.7 --ttl 300"
  echo "  Fleet page:  http://127.0.0.1:$PAGE_PORT/fleet  (admin token in $DATA/admin-token)"
  echo "  NATS:        $NATS_URLS"
  echo "  Logs:        $DATA/logs/"
  echo "fleet ready"
  echo "Press Ctrl-C to stop."
}
# Wait until told to stop, or until a process dies (then everything stops).
fleet_watch
