#!/usr/bin/env bash
# Sets up (Debian packages, npm packages, build) and runs the whole test suite:
# unit tests beside the code, integration tests with real nats-server processes, and the
# interop tests against BIND, Knot, NSD and PowerDNS.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export PATH="$PATH:/usr/sbin:/sbin"
npx biome check . --reporter=summary
node scripts/check-layers.mjs
npx ava "$@"
