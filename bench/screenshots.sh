#!/usr/bin/env bash
# Screenshots of the theme as a reader sees it: home, an issue, a company
# and the archive, each in light, dark (desktop, 1280 px wide) and on a
# phone (375 px, light): 12 PNGs, to look at after a change of templates/
# or static/style.css.
#
#   bench/screenshots.sh [OUT_DIR] [SITE_DIR]
#
# OUT_DIR: where the PNGs go (default /tmp/kiosque-shots).
# SITE_DIR: the site to build (default: the repo's example site, content/).
# The site is built with `cargo run --release -- build` into OUT_DIR/site,
# served on loopback by python3's http.server, and shot with headless
# Chromium (`chromium`, or KIOSQUE_CHROMIUM). The issue is the newest one
# on the home page, the company the most mentioned one. Dark is Chromium's
# --force-dark-mode, which the page sees as prefers-color-scheme: dark; the
# script checks that the dark shots are dark. Environment: HEIGHT (of the
# desktop window, default 1600), PHONE_HEIGHT (default 2400), PORT (8917).
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$(mkdir -p "${1:-/tmp/kiosque-shots}" && cd "${1:-/tmp/kiosque-shots}" && pwd)"
SITE="$(cd "${2:-$REPO}" && pwd)"
PORT="${PORT:-8917}"
HEIGHT="${HEIGHT:-1600}"
PHONE_HEIGHT="${PHONE_HEIGHT:-2400}"
CHROMIUM="${KIOSQUE_CHROMIUM:-$(command -v chromium || true)}"
[ -n "$CHROMIUM" ] || { echo "chromium not found (apt-get install chromium, or set KIOSQUE_CHROMIUM)" >&2; exit 1; }

URL="http://127.0.0.1:$PORT"
echo "== build $SITE into $OUT/site"
(cd "$REPO" && cargo run --quiet --release -- build --quiet --root "$SITE" --output "$OUT/site" --base-url "$URL/")

python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$OUT/site" >/dev/null 2>&1 &
SERVER=$!
PROFILE="$(mktemp -d)"
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$PROFILE"' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('$URL/')" 2>/dev/null && break
  sleep 0.1
done

# The newest issue (first card) and the most mentioned company (first of
# the list by mentions).
ISSUE="$(grep -o 'class="card-title"[^>]*><a href="[^"]*"' "$OUT/site/index.html" | head -1 | sed 's/.*href="//; s/"$//')"
COMPANY="$(sed -n '/id="by-mentions"/,$p' "$OUT/site/companies/index.html" | grep -o '<li><a href="[^"]*"' | head -1 | sed 's/.*href="//; s/"$//')"
declare -A PAGES=([home]="/" [issue]="${ISSUE#"$URL"}" [company]="${COMPANY#"$URL"}" [archive]="/archive/")

# shot NAME URL WIDTH HEIGHT [FLAGS...]
shot() {
  local name="$1" url="$2" size="$3,$4"
  shift 4
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$PROFILE" --window-size="$size" "$@" \
    --screenshot="$OUT/$name.png" "$url" >/dev/null 2>&1
  [ -s "$OUT/$name.png" ] || { echo "no screenshot of $url" >&2; exit 1; }
  echo "$OUT/$name.png  ($url, $size${*:+, $*})"
}

echo "== screenshots into $OUT"
for page in home issue company archive; do
  url="$URL${PAGES[$page]}"
  shot "$page-light" "$url" 1280 "$HEIGHT"
  shot "$page-dark" "$url" 1280 "$HEIGHT" --force-dark-mode
  shot "$page-phone" "$url" 375 "$PHONE_HEIGHT"
done

# The dark shots are dark: the mean of a row of pixels below the header's
# top border, decoded from the PNG (8-bit RGB or RGBA, not interlaced).
python3 - "$OUT" <<'EOF'
import struct, sys, zlib
from pathlib import Path

def row_brightness(path, y):
    data = Path(path).read_bytes()
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    channels = {2: 3, 6: 4}[colour]
    assert depth == 8 and interlace == 0, path
    raw, stride, prev = zlib.decompress(idat), width * channels, bytearray(width * channels)
    for row in range(y + 1):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = prev[i], prev[i - channels] if i >= channels else 0
            if kind == 1: line[i] = (line[i] + a) & 255
            elif kind == 2: line[i] = (line[i] + b) & 255
            elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
    pixels = [prev[i:i + 3] for i in range(0, stride, channels)]
    return sum(sum(p) for p in pixels) / (3 * len(pixels))

for shot in sorted(Path(sys.argv[1]).glob("*.png")):
    level = row_brightness(shot, 8)
    dark = shot.stem.endswith("-dark")
    if dark != (level < 96):
        sys.exit(f"{shot}: mean brightness {level:.0f} for a {'dark' if dark else 'light'} shot")
print("dark shots are dark, light ones light")
EOF
