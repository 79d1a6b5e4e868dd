#!/usr/bin/env bash
# Kartograf next to its peers (../shared/peers: Typst, pdfmake,
# docxtemplater, carbone, exceljs, LibreOffice), the same seed-001 document,
# JSON in, bytes out, in one interleaved run: each peer's process with N
# documents (its lib/bench.js loop) is followed by Kartograf's loop
# (scripts/peerbench, one core) in that peer's format, ROUNDS times. Prints
# a table of medians over the rounds. Not part of CI.
#
#   PEERS_DIR=/tmp/x/peers scripts/peers.sh [N] [ROUNDS]    (defaults 50, 3)
#
# PEERS_DIR is a copy of ../shared/peers on which setup.sh has run (its
# README: copy it somewhere writable first). PEERS chooses the peers
# (default "typst pdfmake docxtemplater carbone exceljs"; add libreoffice:
# its batch of LO_N DOCX files through one soffice, default 20, takes
# seconds). Raw records go to $PEERS_DIR/out/kartograf-peers.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-50}
ROUNDS=${2:-3}
PEERS=${PEERS:-"typst pdfmake docxtemplater carbone exceljs"}
LO_N=${LO_N:-20}
[ -n "${PEERS_DIR:-}" ] || { echo "peers.sh: set PEERS_DIR to a set-up copy of ../shared/peers (see its README)" >&2; exit 2; }
[ -d "$PEERS_DIR/node_modules" ] || { echo "peers.sh: $PEERS_DIR/node_modules missing: run its setup.sh" >&2; exit 2; }
PEERS_DIR=$(cd "$PEERS_DIR" && pwd)
SEED=$(pwd)/testdata/seeds/001_49fbf96383fe353c.json
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
go build -o "$TMP/peerbench" ./scripts/peerbench
mkdir -p "$PEERS_DIR/out"
JSONL=$PEERS_DIR/out/kartograf-peers.jsonl
: > "$JSONL"
(cd "$PEERS_DIR" && node peers/make-docx-templates.js >/dev/null)

# record ROUND ROLE(peer|kartograf) PEER CMD... appends CMD's last stdout
# line (a bench.js record) tagged with the round and the peer it goes with.
record() {
  local round=$1 role=$2 peer=$3 line; shift 3
  if ! line=$("$@" 2>"$TMP/err" | tail -n 1) || [ -z "$line" ]; then
    echo "!! $role for $peer failed: $(tail -n 3 "$TMP/err")" >&2; return 0
  fi
  echo "{\"round\":$round,\"role\":\"$role\",\"peer\":\"$peer\",\"rec\":$line}" >> "$JSONL"
  echo "   round $round $role ($peer): $(tail -n 1 "$TMP/err")" >&2
}
peer_cmd() { # peer -> format and command, run in PEERS_DIR
  case $1 in
    typst)         echo "PDF env TYPST_CACHE=evict10 node peers/typst.js --n $N --out out/typst" ;;
    typst-evict0)  echo "PDF env TYPST_CACHE=evict0 node peers/typst.js --n $N --out out/typst-evict0" ;;
    pdfmake)       echo "PDF node peers/pdfmake.js --n $N --out out/pdfmake" ;;
    docxtemplater) echo "DOCX node peers/docxtemplater.js --n $N --keep $LO_N --out out/docxtemplater" ;;
    carbone)       echo "DOCX node peers/carbone.js --n $N --out out/carbone" ;;
    exceljs)       echo "XLSX node peers/exceljs.js --n $N --out out/exceljs" ;;
    libreoffice)   echo "PDF peers/libreoffice.sh $LO_N 1" ;;
    *) return 1 ;;
  esac
}

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); N=$N; $ROUNDS rounds; peers: $PEERS" >&2
for r in $(seq "$ROUNDS"); do
  for p in $PEERS; do
    spec=$(peer_cmd "$p") || { echo "unknown peer $p" >&2; continue; }
    fmt=${spec%% *}; cmd=${spec#* }
    # shellcheck disable=SC2086 # cmd is a word list on purpose
    (cd "$PEERS_DIR" && record "$r" peer "$p" $cmd)
    record "$r" kartograf "$p" "$TMP/peerbench" -f "${fmt,,}" -n "$N" -out "$TMP/k-$p" "$SEED"
  done
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

node - "$JSONL" <<'JS'
const fs = require('fs');
const rows = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').filter(Boolean).map(JSON.parse);
const med = (xs) => { const a = xs.slice().sort((x, y) => x - y); return a.length ? a[Math.floor((a.length - 1) / 2)] : NaN; };
// The issue's targets (Kartograf's speed-up over the peer), where it sets one.
const target = { typst: 20, pdfmake: 50, docxtemplater: 10, exceljs: 4 };
const peers = [...new Set(rows.map((r) => r.peer))];
const f = (x, d = 1) => Number.isFinite(x) ? x.toFixed(d) : '–';
console.log('| format | peer | peer ms/doc | Kartograf ms/doc (same rounds) | speed-up (peer ÷ Kartograf) | target | per round |');
console.log('|---|---|---|---|---|---|---|');
for (const p of peers) {
  const pr = rows.filter((r) => r.peer === p && r.role === 'peer');
  const kr = rows.filter((r) => r.peer === p && r.role === 'kartograf');
  if (!pr.length || !kr.length) { console.log(`| | ${p} | failed | | | | |`); continue; }
  const rounds = pr.map((x) => {
    const k = kr.find((y) => y.round === x.round);
    return k ? x.rec.ms_per_doc / k.rec.ms_per_doc : NaN;
  });
  const pm = med(pr.map((x) => x.rec.ms_per_doc)), km = med(kr.map((x) => x.rec.ms_per_doc));
  const t = target[p] ? `≥ ${target[p]}×` : '';
  console.log(`| ${pr[0].rec.format} | ${p} ${pr[0].rec.version || ''} | ${f(pm, 2)} | ${f(km, 2)} | ${f(med(rounds))}× | ${t} | ${rounds.map((x) => f(x)).join(' / ')} |`);
}
JS
