#!/usr/bin/env bash
# The README's "run the product" command: installs what is missing, builds, and shows what
# MeterDesk does so far. When the front desk lands (issue 6) this starts metersim with a
# realistic office, meterdeskd on a scratch SQLite database and the front desk in training mode.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
"$root/installer/install-deps.sh"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target meterdeskd

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
