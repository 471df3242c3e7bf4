#!/usr/bin/env bash
# The README's test command: installs what is missing, configures, builds and runs every test.
#   installer/test.sh [extra cmake -D options]
# BUILD_DIR (default build) picks the build folder; MD_WERROR=ON makes warnings errors.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
"$root/installer/install-deps.sh"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" \
  -DMD_WERROR="${MD_WERROR:-OFF}" "${launcher[@]}" "$@"
cmake --build "$build" --parallel "$(nproc)"
export QT_QPA_PLATFORM=offscreen
ctest --test-dir "$build" --output-on-failure --parallel "$(nproc)" --timeout 600
