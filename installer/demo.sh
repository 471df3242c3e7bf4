#!/usr/bin/env bash
# The README's "run the product" command: installs what is missing, builds, and shows what
# MeterDesk does so far: a tariff check, decoded frames, then the service on a scratch SQLite
# database with the front desk logged in against it. Reading the simulated meters from the
# service (metersim on pseudo terminals) comes with the collection issue's `serve` wiring.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
"$root/installer/install-deps.sh"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target meterdeskd meterdesk metersim

md="$build/server/meterdeskd"
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "A tariff check: the Shanghai residential ladder + peak/valley tariff over a year of readings"
"$md" bill --tariff "$root/resources/tariffs/sh-resident-ladder-tou.tariff" \
           --readings "$root/tests/data/readings/sh-year.csv"

say "A field engineer's captured frames, decoded (DL/T 645-2007 read of total energy and its reply)"
"$md" decode "FE FE FE FE 68 78 56 34 12 00 00 68 11 04 33 33 34 33 C6 16" \
             "68 78 56 34 12 00 00 68 91 08 33 33 34 33 B3 45 33 33 A8 16" || true

say "What else meterdeskd can do"
"$md" --help

scratch=$(mktemp -d /tmp/meterdesk-demo.XXXXXX)
cat >"$scratch/meterdesk.conf" <<CONF
[database]
url = sqlite:$scratch/office.db
[api]
listen = 127.0.0.1
port = 7420
CONF
say "The service on a scratch database ($scratch)"
"$md" serve --config "$scratch/meterdesk.conf" >"$scratch/serve.log" 2>&1 &
serve=$!
trap 'kill $serve 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q "listening" "$scratch/serve.log" 2>/dev/null && break; sleep 0.1; done
cat "$scratch/serve.log"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  say "The front desk: log in as admin with the one-time password above (you will set a new one)"
  "$build/app/meterdesk"
else
  say "No display: the front desk needs one (run under a desktop, or xvfb-run)."
  echo "The service keeps running until you press Enter."
  read -r _ || true
fi
