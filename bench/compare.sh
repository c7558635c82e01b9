#!/usr/bin/env bash
# Times kiosque against Hugo on the same generated newsletter archive.
#
# usage: bench/compare.sh [N ...]        (default: 1000 10000 50000)
#
# For each N: generates N issues (examples/gen_archive) into $BENCH_DIR/N
# (kept between runs: delete the folder, or its .done marker, to regenerate),
# then, after one warm-up run of each tool, times $RUNS whole-process builds
# of each under /usr/bin/time -v: wall clock and peak RSS, medians reported.
# Both tools write their whole output every run (outputs are deleted first).
# Prints a markdown table and appends it, dated, to bench/results.md.
#
# Environment: BENCH_DIR (/tmp/kiosque-bench), RUNS (5), SEED (42), RESULTS
# (bench/results.md),
# CHECK (1: check with bench/check_corpus.py that kiosque parsed the corpus
# as generated, for N <= 10000), IDLE_WAIT (120: before each run, wait up to
# this many seconds for the other processes to leave the CPUs idle, i.e.
# under IDLE_BUSY percent (10) busy over one second; 0: do not wait). Runs
# during which other processes used more than IDLE_BUSY % of the CPUs are
# disturbed: repeated up to RETRIES (2) times, then kept and counted under
# the table.
# OUT_BASE (auto): where the tools write their outputs. auto: a tmpfs
# (/dev/shm/kiosque-bench-out) for N <= TMPFS_MAX_N (10000), else
# $BENCH_DIR/N. Writing to tmpfs measures the tools rather than the disk:
# on an ext4 mounted with `discard`, deleting and rewriting the same ~100k
# files run after run made the kernel's share of each build grow (from 0.6
# to 7 s of system time for the same kiosque build of N=1000). Outputs are
# deleted once counted unless KEEP_OUTPUT=1.
# TOOLS ("kiosque hugo"): the tools to time (the other's columns show —).
# Installs hugo and time from Debian (apt-get) when missing.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/tmp/kiosque-bench}"
RUNS="${RUNS:-5}"
SEED="${SEED:-42}"
CHECK="${CHECK:-1}"
IDLE_WAIT="${IDLE_WAIT:-120}"
IDLE_BUSY="${IDLE_BUSY:-10}"
RETRIES="${RETRIES:-2}"
OUT_BASE="${OUT_BASE:-auto}"
TMPFS_MAX_N="${TMPFS_MAX_N:-10000}"
KEEP_OUTPUT="${KEEP_OUTPUT:-0}"
TOOLS="${TOOLS:-kiosque hugo}"
has_tool() { [[ " $TOOLS " == *" $1 "* ]]; }
has_tool kiosque || has_tool hugo || die "TOOLS must name kiosque, hugo or both, not '$TOOLS'"

RESULTS="${RESULTS:-$REPO/bench/results.md}"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

if [ "$#" -gt 0 ]; then SIZES=("$@"); else SIZES=(1000 10000 50000); fi
for n in "${SIZES[@]}"; do
  [[ "$n" =~ ^[1-9][0-9]*$ && "$n" -le 99999 ]] || die "N must be a whole number from 1 to 99999, not '$n'"
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive whole number, not '$RUNS'"

# --- Tools -------------------------------------------------------------------
missing=()
command -v hugo >/dev/null 2>&1 || missing+=(hugo)
[ -x /usr/bin/time ] || missing+=(time)
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]} from Debian"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "${missing[*]} missing and not root: install them (apt-get install ${missing[*]})"
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v cargo >/dev/null 2>&1 || die "cargo not found: install the Rust toolchain"

HUGO_FULL="$(hugo version 2>/dev/null | grep -oE 'v[0-9]+\.[0-9]+(\.[0-9]+)?' | head -n1)"
[ -n "$HUGO_FULL" ] || die "cannot read the Hugo version from 'hugo version'"
HUGO_XY="$(printf '%s' "${HUGO_FULL#v}" | cut -d. -f1,2)"
log "Hugo $HUGO_FULL ($(command -v hugo))"

# --- Build -------------------------------------------------------------------
log "building kiosque and the corpus generator (release)"
(cd "$REPO" && cargo build --release --quiet --bin kiosque --example gen_archive) || die "cargo build failed"
KIOSQUE="$REPO/target/release/kiosque"
GEN="$REPO/target/release/examples/gen_archive"
# The commit built, "-dirty" when what goes into the binary has uncommitted changes.
REV="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$REPO" status --porcelain -- src templates static Cargo.toml Cargo.lock 2>/dev/null)" ]; then
  REV+="-dirty"
fi

# --- Helpers -----------------------------------------------------------------
# median of the numbers on stdin
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Busy CPU time of the whole machine so far, in seconds (from /proc/stat).
busy_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '/^cpu / { print ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat
}

# run LOG CMD...: runs CMD under /usr/bin/time -v, its output in LOG; prints
# "wall_seconds peak_rss_kb cpu_seconds other_cpu_seconds" (other: CPU time
# other processes used meanwhile), or dies showing LOG.
run() {
  local log_file="$1" time_file busy_before busy_after
  shift
  time_file="$(mktemp)"
  busy_before="$(busy_seconds)"
  if ! /usr/bin/time -v -o "$time_file" "$@" >"$log_file" 2>&1; then
    printf 'error: command failed: %s\n--- its output (%s), last 40 lines:\n' "$*" "$log_file" >&2
    tail -n 40 "$log_file" >&2
    rm -f "$time_file"
    exit 1
  fi
  busy_after="$(busy_seconds)"
  awk -F': ' -v busy="$(awk -v a="$busy_before" -v b="$busy_after" 'BEGIN { print b - a }')" '
    /Elapsed \(wall clock\) time/ { n = split($NF, t, ":"); wall = 0; for (i = 1; i <= n; i++) wall = wall * 60 + t[i] }
    /Maximum resident set size/ { rss = $NF }
    /User time \(seconds\)/ { cpu += $NF }
    /System time \(seconds\)/ { cpu += $NF }
    END { other = busy - cpu; if (other < 0) other = 0; printf "%.2f %d %.2f %.2f\n", wall, rss, cpu, other }' "$time_file"
  rm -f "$time_file"
}

# Percent of CPU time spent busy over one second, all CPUs.
cpu_busy() {
  local a b
  read -ra a < <(grep '^cpu ' /proc/stat)
  sleep 1
  read -ra b < <(grep '^cpu ' /proc/stat)
  awk -v a="${a[*]:1:8}" -v b="${b[*]:1:8}" 'BEGIN {
    split(a, x, " "); split(b, y, " "); total = 0
    for (i = 1; i <= 8; i++) total += y[i] - x[i]
    idle = (y[4] - x[4]) + (y[5] - x[5])
    printf "%d", (total > 0) ? 100 * (total - idle) / total : 0
  }'
}

# Waits (up to IDLE_WAIT s) until the CPUs are idle; returns 1 if they never were.
wait_idle() {
  local waited=0 busy
  [ "$IDLE_WAIT" -gt 0 ] || return 0
  while :; do
    busy="$(cpu_busy)"
    [ "$busy" -le "$IDLE_BUSY" ] && return 0
    [ "$waited" -eq 0 ] && log "other processes keep the CPUs ${busy}% busy: waiting up to ${IDLE_WAIT} s"
    waited=$((waited + 1))
    if [ "$waited" -ge "$IDLE_WAIT" ]; then
      log "still ${busy}% busy after ${IDLE_WAIT} s: timing anyway"
      return 1
    fi
  done
}

count_pages() {
  find "$1" -type f \( -name '*.html' -o -name '*.xml' -o -name '*.json' \) | wc -l | tr -d ' '
}

# time_tool NAME N OUT CMD...: warm-up then $RUNS timed runs, OUT deleted
# before each; prints "median_wall median_rss_mb median_cpu".
time_tool() {
  local name="$1" n="$2" out="$3" walls=() rss=() cpus=() i attempt result w r c o
  shift 3
  local log_file="$BENCH_DIR/$n/$name.log"
  rm -rf "$out"
  log "$name N=$n: warm-up"
  run "$log_file" "$@" >/dev/null
  for ((i = 1; i <= RUNS; i++)); do
    for ((attempt = 0; ; attempt++)); do
      rm -rf "$out"
      sync
      wait_idle || true
      result="$(run "$log_file" "$@")"
      read -r w r c o <<<"$result"
      # Disturbed: other processes took over IDLE_BUSY % of the CPUs meanwhile.
      awk -v o="$o" -v w="$w" -v n="$(nproc)" -v max="$IDLE_BUSY" \
        'BEGIN { exit !(w > 0 && 100 * o / (w * n) > max) }' || break
      if [ "$attempt" -ge "$RETRIES" ]; then
        echo "$name $n $i" >>"$BENCH_DIR/.busy-runs"
        break
      fi
      log "$name N=$n: run $i/$RUNS: ${w} s wall, disturbed (other processes used ${o} s of CPU meanwhile): repeating it"
    done
    walls+=("$w"); rss+=("$r"); cpus+=("$c")
    log "$name N=$n: run $i/$RUNS: ${w} s wall, ${c} s CPU, $((r / 1024)) MB peak RSS, other processes ${o} s CPU"
  done
  if grep -qi 'warn\|error' "$log_file"; then
    log "$name N=$n printed (last run, $log_file):"
    grep -i 'warn\|error' "$log_file" | head -n 5 >&2
  fi
  printf '%s %s %s\n' \
    "$(printf '%s\n' "${walls[@]}" | median)" \
    "$(printf '%s\n' "${rss[@]}" | median | awk '{ printf "%.0f", $1 / 1024 }')" \
    "$(printf '%s\n' "${cpus[@]}" | median)"
}

# --- Benchmark ---------------------------------------------------------------
mkdir -p "$BENCH_DIR"
rm -f "$BENCH_DIR/.busy-runs"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
HEADER='| N | kiosque pages | Hugo pages | kiosque wall (s) | Hugo wall (s) | Hugo/kiosque | kiosque peak RSS (MB) | Hugo peak RSS (MB) | kiosque ms/page | kiosque CPU (s) | Hugo CPU (s) | outputs on |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|'
ROWS=""

for n in "${SIZES[@]}"; do
  dir="$BENCH_DIR/$n"
  marker="seed=$SEED hugo=$HUGO_XY"
  if [ -f "$dir/.done" ] && [ "$(cat "$dir/.done")" = "$marker" ]; then
    log "N=$n: corpus already in $dir"
  else
    log "N=$n: generating the corpus into $dir"
    rm -rf "$dir"
    mkdir -p "$dir"
    "$GEN" "$n" "$dir" --seed "$SEED" --hugo-version "$HUGO_XY" || die "gen_archive failed for N=$n"
    printf '%s' "$marker" >"$dir/.done"
  fi

  out_base="$OUT_BASE"
  if [ "$out_base" = auto ]; then
    if [ "$n" -le "$TMPFS_MAX_N" ] && [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ]; then
      out_base="/dev/shm/kiosque-bench-out/$n"
    else
      out_base="$dir"
    fi
  fi
  mkdir -p "$out_base"
  if [ "$(stat -f -c %T "$out_base")" = tmpfs ]; then out_fs=tmpfs; else out_fs=disk; fi
  log "N=$n: outputs in $out_base ($out_fs)"

  k_wall="" k_rss="" k_cpu="" k_pages="" h_wall="" h_rss="" h_cpu="" h_pages=""
  if has_tool kiosque; then
    k_result="$(time_tool kiosque "$n" "$out_base/out-kiosque" \
      "$KIOSQUE" build --quiet --root "$dir/kiosque" --output "$out_base/out-kiosque")" || die "kiosque failed for N=$n"
    read -r k_wall k_rss k_cpu <<<"$k_result"
    k_pages="$(count_pages "$out_base/out-kiosque")"
    if [ "$CHECK" = 1 ] && [ "$n" -le 10000 ] && command -v python3 >/dev/null 2>&1; then
      log "N=$n: checking kiosque's parse against the generated issues"
      python3 "$REPO/bench/check_corpus.py" "$dir" "$out_base/out-kiosque" >&2 || die "kiosque did not parse the corpus as generated"
    fi
    [ "$KEEP_OUTPUT" = 1 ] || rm -rf "$out_base/out-kiosque"
  fi

  if has_tool hugo; then
    h_result="$(time_tool hugo "$n" "$out_base/out-hugo" \
      hugo --quiet -s "$dir/hugo" -d "$out_base/out-hugo")" || die "hugo failed for N=$n"
    read -r h_wall h_rss h_cpu <<<"$h_result"
    h_pages="$(count_pages "$out_base/out-hugo")"
    [ "$KEEP_OUTPUT" = 1 ] || rm -rf "$out_base/out-hugo"
  fi

  row="$(awk -v n="$n" -v kp="$k_pages" -v hp="$h_pages" -v kw="$k_wall" -v hw="$h_wall" \
    -v kr="$k_rss" -v hr="$h_rss" -v kc="$k_cpu" -v hc="$h_cpu" -v fs="$out_fs" '
    function f(format, v) { return v == "" ? "—" : sprintf(format, v) }
    BEGIN {
      ratio = (kw > 0 && hw != "") ? sprintf("%.1f×", hw / kw) : "—"
      per_page = (kw != "" && kp > 0) ? sprintf("%.3f", 1000 * kw / kp) : "—"
      printf "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |", n, f("%d", kp), f("%d", hp),
        f("%.2f", kw), f("%.2f", hw), ratio, f("%d", kr), f("%d", hr), per_page, f("%.2f", kc), f("%.2f", hc), fs
    }')"
  log "N=$n: $row"
  ROWS+="$row"$'\n'
done

LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
TITLE="$(date -u '+%Y-%m-%d %H:%M UTC') — kiosque $REV, Hugo $HUGO_FULL, $(nproc) CPUs, $RUNS runs (medians), seed $SEED, load average $LOAD_BEFORE before / $LOAD_AFTER after"
TABLE="$HEADER"$'\n'"$ROWS"
BUSY=0
if [ -f "$BENCH_DIR/.busy-runs" ]; then BUSY="$(wc -l <"$BENCH_DIR/.busy-runs" | tr -d ' ')"; fi
TABLE+=$'\n'"Timed runs disturbed by other processes (over ${IDLE_BUSY}% of the CPUs busy with them meanwhile): $BUSY of $((RUNS * ${#SIZES[@]} * $(wc -w <<<"$TOOLS")))."$'\n'
TABLE+="kiosque: .html/.xml/.json files under its output; Hugo: the same (including its page/1/ alias redirects). CPU: user + system time."$'\n'

printf '\n%s\n\n%s' "$TITLE" "$TABLE"
if [ ! -f "$RESULTS" ]; then
  printf '# kiosque vs Hugo\n\nWritten by bench/compare.sh: one section a run, newest last.\n' >"$RESULTS"
fi
printf '\n## %s\n\n%s' "$TITLE" "$TABLE" >>"$RESULTS"
log "appended to $RESULTS"
