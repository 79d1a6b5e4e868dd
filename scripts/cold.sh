#!/usr/bin/env bash
# Cold single-document process: `kartograf render -o x.pdf SEED` against
# Typst's cold process from the peers harness (../shared/peers, see its
# README), in N alternating pairs so that both see the same load. Not part
# of CI.
#
#   scripts/cold.sh [N]          N pairs (default 20)
#
# Env: PEERS_DIR   a set-up copy of the peers harness (its setup.sh run, so
#                  node_modules/ exists); without it only Kartograf is timed.
#      KARTOGRAF   a built binary to time (default: built here into a temp dir).
#      SEED        the document (default testdata/seeds/001_49fbf96383fe353c.json).
# Prints each pair, then the medians and the ratio Typst/Kartograf.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20}
SEED=${SEED:-testdata/seeds/001_49fbf96383fe353c.json}
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
if [ -z "${KARTOGRAF:-}" ]; then
  KARTOGRAF=$TMP/kartograf
  go build -o "$KARTOGRAF" ./cmd/kartograf
fi
typst=""
if [ -n "${PEERS_DIR:-}" ]; then
  [ -d "$PEERS_DIR/node_modules" ] || { echo "cold.sh: $PEERS_DIR/node_modules missing: run its setup.sh" >&2; exit 2; }
  typst=$PEERS_DIR/peers/typst.js
fi
# The clock is read without starting a process: bash's EPOCHREALTIME
# (bash 5), else date(1), whose own fork and exec (2–3 ms on the project's
# VM) then count in every figure.
if [ -n "${EPOCHREALTIME:-}" ]; then
  now() { local t=${EPOCHREALTIME/[.,]/}; echo "${t}000"; }
else
  now() { date +%s%N; }
fi
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
ms() { awk -v ns="$1" 'BEGIN{printf "%.1f", ns/1e6}'; }

# One untimed run of each fills the page cache.
"$KARTOGRAF" render -o "$TMP/x.pdf" "$SEED" 2>/dev/null
[ -n "$typst" ] && node "$typst" --n 0 --out "$TMP/typst" >/dev/null 2>&1

: > "$TMP/k"; : > "$TMP/t"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); $N pairs" >&2
for i in $(seq "$N"); do
  t0=$(now); "$KARTOGRAF" render -o "$TMP/x.pdf" "$SEED" 2>/dev/null; t1=$(now)
  k=$((t1 - t0)); echo "$k" >> "$TMP/k"; line="kartograf $(ms $k) ms"
  if [ -n "$typst" ]; then
    t0=$(now); node "$typst" --n 0 --out "$TMP/typst" >/dev/null 2>&1; t1=$(now)
    t=$((t1 - t0)); echo "$t" >> "$TMP/t"; line="$line  typst $(ms $t) ms"
  fi
  echo "$i: $line" >&2
done
km=$(median < "$TMP/k")
echo "kartograf render (cold process): median $(ms "$km") ms over $N"
if [ -n "$typst" ]; then
  tm=$(median < "$TMP/t")
  echo "typst (cold process):            median $(ms "$tm") ms over $N"
  awk -v k="$km" -v t="$tm" 'BEGIN{printf "ratio typst/kartograf: %.1fx\n", t/k}'
fi
