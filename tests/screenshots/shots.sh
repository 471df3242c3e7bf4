#!/bin/sh
# Grabs the front desk's windows and a receipt page as PNGs for a person to look at.
#   tests/screenshots/shots.sh BUILD_DIR [OUT_DIR]
# Needs the app_screens and meterdeskd targets built, poppler-utils (pdftoppm) and a CJK font
# (fonts-noto-cjk). Uses Xvfb when it is there (real X11 rendering), else Qt's offscreen
# platform. LANG decides the language (zh_CN.UTF-8 for the Chinese desk).
set -eu
BUILD=${1:?usage: shots.sh BUILD_DIR [OUT_DIR]}
OUT=${2:-$BUILD/screenshots}
mkdir -p "$OUT"
run() {
    if command -v xvfb-run >/dev/null 2>&1 && command -v xauth >/dev/null 2>&1; then
        xvfb-run -a -s "-screen 0 1280x1024x24" "$@"
    else
        QT_QPA_PLATFORM=offscreen "$@"
    fi
}
FORM=$(dirname "$0")/../../resources/receipt_forms/lq1600k_241x140.ini
run "$BUILD/tests/app/app_screens" "$BUILD/server/meterdeskd" "$OUT" "$FORM"
for pdf in "$OUT"/*.pdf; do
    pdftoppm -png -r 110 -singlefile "$pdf" "${pdf%.pdf}"
done
ls -1 "$OUT"/*.png
