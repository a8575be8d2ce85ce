#!/usr/bin/env bash
# Screenshots of the HTML report in a real browser, to look at its layout by eye (issue 15).
#
# NOT part of CI and not a test: CI has no Chromium. Run it by hand after changing templates/report/report.html.ftlh
# or the pictures (src/main/java/dev/psp2psa/report/ReportCharts.java), then open the PNGs and look at them.
#
#   docs/screenshots.sh [--out DIR] [--height PX] [--readme]
#
# It writes the report of samples/multi-tenant with `psp2psa convert` (as the README's first command does), then
# takes headless Chromium screenshots of it at 1400 and 800 pixels wide:
#   DIR/report-1400.png, DIR/report-800.png   (DIR defaults to target/screenshots)
# --readme also copies a 1400-pixel shot, 1100 pixels high and optimised (optipng or pngquant when installed),
# to docs/images/report.png, the picture the README shows.
# Needs Chromium (Debian: apt-get install -y chromium), Java 17 and Maven.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
out=target/screenshots height=2000 readme=false
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2;;
    --height) height="$2"; shift 2;;
    --readme) readme=true; shift;;
    -h|--help) sed -n '2,14p' "$0"; exit 0;;
    *) echo "screenshots: unknown option $1" >&2; exit 2;;
  esac
done
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$browser" ]; then
  echo "screenshots: no Chromium found; install it (Debian: apt-get install -y chromium)." >&2
  exit 3
fi
mkdir -p "$out"
out="$(cd "$out" && pwd)"
tree="$out/multi-tenant"
rm -rf "$tree"
./psp2psa convert -f samples/multi-tenant -o "$tree" 2>/dev/null >/dev/null
report="$tree/report.html"

# shot WIDTH HEIGHT FILE: the top of the page in a window of that size. --no-sandbox: Chromium refuses to run as root
# without it; the page is a local file psp2psa wrote.
shot() {
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size="$1,$2" --screenshot="$3" "file://$report" >/dev/null 2>&1
  [ -s "$3" ] || { echo "screenshots: Chromium wrote no $3" >&2; exit 4; }
  echo "screenshots: $3 ($1x$2)" >&2
}
shot 1400 "$height" "$out/report-1400.png"
shot 800 "$height" "$out/report-800.png"

if [ "$readme" = true ]; then
  mkdir -p docs/images
  shot 1400 1100 "$out/report-readme.png"
  cp "$out/report-readme.png" docs/images/report.png
  if command -v pngquant >/dev/null; then
    pngquant --force --skip-if-larger --strip --output docs/images/report.png 256 docs/images/report.png || true
  fi
  if command -v optipng >/dev/null; then
    optipng -quiet -o2 -strip all docs/images/report.png
  fi
  echo "screenshots: docs/images/report.png ($(wc -c < docs/images/report.png) bytes)" >&2
fi
