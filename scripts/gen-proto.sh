#!/usr/bin/env bash
# Regenerates the TypeScript bindings from proto/ (the one schema source). The output is
# committed (see ARCHITECTURE.md, "Tool choices"); test/src/integration/proto-fresh.test.ts fails when
# it is stale.
#   proto/dns/events/v1 -> libs/events/src/gen     (no gRPC: nodes and tools import it)
#   proto/dns/admin/v1  -> libs/admin-api/src/gen  (gRPC service definitions for @grpc/grpc-js)
#   proto/dns/dnssec/v1 -> libs/dnssec-api/src/gen (signer requests and key records, over NATS)
set -euo pipefail
cd "$(dirname "$0")/../proto"
OUT_EVENTS=${OUT_EVENTS:-../libs/events/src/gen}
OUT_ADMIN=${OUT_ADMIN:-../libs/admin-api/src/gen}
OUT_DNSSEC=${OUT_DNSSEC:-../libs/dnssec-api/src/gen}
../node_modules/.bin/buf lint
rm -rf "$OUT_EVENTS" "$OUT_ADMIN" "$OUT_DNSSEC"
template() {
  sed "s#out: ../libs/events/src/gen#out: $1#" buf.gen.yaml
}
../node_modules/.bin/buf generate --template "$(template "$OUT_EVENTS")" --path dns/events
../node_modules/.bin/buf generate --template "$(template "$OUT_ADMIN")" --path dns/admin
../node_modules/.bin/buf generate --template "$(template "$OUT_DNSSEC")" --path dns/dnssec
