#!/usr/bin/env bash
# Copies the front-end assets from node_modules (installed by `npm ci`) into a vendor folder that
# Django serves: no CDN anywhere. Used by `make setup` and by the Dockerfile, so both ship the same.
#   scripts/vendor-assets.sh [node_modules dir] [destination]
set -euo pipefail
modules="${1:-node_modules}"
dest="${2:-static/vendor}"
mkdir -p "$dest/fonts"
cp "$modules/htmx.org/dist/htmx.min.js" "$dest/"
# Chart.js names its source map at the end of the file; the production static storage (WhiteNoise's
# manifest) rewrites that reference and refuses to collect the file when the map is missing.
cp "$modules/chart.js/dist/chart.umd.min.js" "$modules/chart.js/dist/chart.umd.min.js.map" "$dest/"
# Whole TTF files (not web subsets) so that WeasyPrint renders every Vietnamese diacritic.
for weight in 400Regular 400Regular_Italic 500Medium 600SemiBold 700Bold 800ExtraBold; do
  cp "$modules/@expo-google-fonts/be-vietnam-pro/$weight/BeVietnamPro_$weight.ttf" "$dest/fonts/"
done
