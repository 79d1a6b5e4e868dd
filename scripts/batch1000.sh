#!/usr/bin/env bash
# batch1000.sh — the district-scale figure of issue 16: 1 000 schools ×
# pdf,docx,xlsx from seed 001 rolled over to 2024-2025, timed with
# /usr/bin/time -v (wall and peak RSS). Not part of CI.
#
#   scripts/batch1000.sh [RUNS] [BINARY]
#
# RUNS (default 3) fresh runs into an empty output directory each time;
# BINARY defaults to a kartograf built from this checkout. Prints one line
# per run and the best and median wall time and peak RSS.
#
# The output goes to a directory made by mktemp -d, so TMPDIR chooses the
# file system: on this project's development VM a run on ext4 spent 3–6 s
# of system CPU creating and writing the 4 000 files (166 MB) and its wall
# time swung from 5.7 to 14.5 s with the disk's state, while TMPDIR=/dev/shm
# (tmpfs) measures the rendering itself. Report which one you ran.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
bin=${2:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$bin" ]; then
	bin=$work/kartograf
	GOFLAGS=-buildvcs=false go build -o "$bin" ./cmd/kartograf
fi
n=${SCHOOLS:-1000}
{
	echo "Код ОО;Краткое наименование;Полное наименование;Район;Директор;Номер приказа;Дата приказа"
	for i in $(seq 1 "$n"); do
		printf 's%04d;МКОУ СОШ №%d;"Муниципальное казённое общеобразовательное учреждение «Средняя общеобразовательная школа №%d» с.п. Урожайное";Баксанский муниципальный район;А.Х. Жилов-%d;%d;30.08.2024\n' \
			"$i" "$i" "$i" "$i" $((99 + i))
	done
} >"$work/schools.csv"
plan=testdata/seeds/001_49fbf96383fe353c.json
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"
: >"$work/results"
for r in $(seq 1 "$runs"); do
	rm -rf "$work/out"
	/usr/bin/time -v "$bin" batch --plan "$plan" --registry "$work/schools.csv" --to 2024-2025 \
		-f pdf,docx,xlsx -o "$work/out" 2>"$work/time" >/dev/null || { cat "$work/time"; exit 1; }
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$work/time")
	cpu=$(awk -F': ' '/User time|System time/{s+=$2} END {printf "%.2f", s}' "$work/time")
	rss=$(awk -F': ' '/Maximum resident set size/{printf "%.1f", $2/1024}' "$work/time")
	files=$(find "$work/out" -maxdepth 1 -type f \( -name '*.pdf' -o -name '*.docx' -o -name '*.xlsx' \) | wc -l)
	echo "run $r: wall ${wall} s, cpu ${cpu} s, peak RSS ${rss} MiB, files ${files}, load $(cut -d' ' -f1 /proc/loadavg)"
	echo "$wall $rss $cpu" >>"$work/results"
done
sort -n -k1 "$work/results" | awk '{w[NR]=$1} END {printf "wall: best %s s, median %s s\n", w[1], w[int((NR+1)/2)]}'
sort -n -k3 "$work/results" | awk '{c[NR]=$3} END {printf "cpu (user+sys): best %s s, median %s s\n", c[1], c[int((NR+1)/2)]}'
sort -n -k2 "$work/results" | awk '{m[NR]=$2} END {printf "peak RSS: best %s MiB, median %s MiB\n", m[1], m[int((NR+1)/2)]}'
