#!/usr/bin/env bash
# Installs what Shoal needs on a Debian machine, then builds it. Idempotent: it only
# installs what is missing. Usage: scripts/setup.sh [--runtime|--test]
#   --runtime  nats-server and dig (enough for `npm start`)
#   --test     also the DNS servers and tools the interop tests and benchmarks talk to
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:---test}

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

# command -> Debian package providing it
runtime_tools=("nats-server:nats-server" "dig:bind9-dnsutils" "curl:curl" "cc:gcc")
test_tools=(
  "named:bind9" "named-checkzone:bind9-utils" "delv:bind9-dnsutils" "knotd:knot" "kdig:knot-dnsutils"
  "kzonecheck:knot-dnssecutils" "nsd:nsd" "pdns_server:pdns-server" "dnsperf:dnsperf" "ldns-verify-zone:ldnsutils"
  "unbound:unbound" "dnssec-verify:bind9-utils" "dnssec-signzone:bind9-utils" "dnssec-keygen:bind9-utils"
  "sqlite3:sqlite3" "taskset:util-linux" "chromium:chromium" "nsupdate:bind9-dnsutils" "openssl:openssl"
)
# Packages that add a backend, headers or data rather than a command.
runtime_packages=(libc6-dev)
test_packages=(pdns-backend-bind pdns-backend-sqlite3)

missing=()
check() { for entry in "$@"; do command -v "${entry%%:*}" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin" command -v "${entry%%:*}" >/dev/null 2>&1 || missing+=("${entry##*:}"); done; }
check "${runtime_tools[@]}"
for p in "${runtime_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "$MODE" = "--test" ]; then
  check "${test_tools[@]}"
  for p in "${test_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
fi

if [ ${#missing[@]} -gt 0 ]; then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  # Keep the packages' own system services from starting: tests start their own instances.
  had_policy=0
  if [ -e /usr/sbin/policy-rc.d ]; then had_policy=1; fi
  if [ $had_policy -eq 0 ]; then printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null; $SUDO chmod +x /usr/sbin/policy-rc.d; fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q || true
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  if [ $had_policy -eq 0 ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund
fi
echo "setup: building"
npx tsc -b
# The batched UDP addon (libs/batched-udp): one C file against this Node's own headers.
node libs/batched-udp/build-native.mjs
