#!/usr/bin/env bash
# ../shared/peer/run_side_by_side.sh for a machine that is never idle: the same cases, the same real2sim
# bench-cyclegan and the same reference iteration (bench_any.py through reference_train_loaded.py, which turns
# off bench.py's wait for an idle machine), with the load average printed per case. Ratios compare runs under
# the same load minutes apart; absolute times are inflated by it.
# usage: PEER_DIR=<scratch with cyclegan/> tools/bench/cyclegan_side_by_side_loaded.sh [CASE ...]
set -u
here=$(cd "$(dirname "$0")" && pwd)
proj=$(cd "$here/../.." && pwd)
cases=${*:-g16b3-d16-32 g32b6-d32-32 g32b6-d32-64 g64b9-d64-128}
: "${PEER_DIR:?set PEER_DIR (see ../shared/peer/README.md)}"
torch_env=(LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OPENBLAS_NUM_THREADS=1
  MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=4294967296 MALLOC_TOP_PAD_=268435456)
printf '%-16s %10s %10s %10s %8s  %s\n' case java_s torch2_s torch1_s ratio 'load average (start, end)'
for c in $cases; do
  l0=$(cut -d' ' -f1 /proc/loadavg)
  ngf=$(sed -E 's/^g([0-9]+)b.*/\1/' <<<"$c"); nb=$(sed -E 's/^g[0-9]+b([0-9]+)-.*/\1/' <<<"$c")
  ndf=$(sed -E 's/.*-d([0-9]+)-.*/\1/' <<<"$c"); sz=${c##*-}
  j=$(cd "$proj" && ./real2sim bench-cyclegan --cases "$c" ${THREADS:+--threads "$THREADS"} 2>/dev/null | awk -v c="$c" '$1==c {print $3}')
  t=()
  for nt in 2 1; do
    t+=("$(env "${torch_env[@]}" /usr/bin/python3 "$here/reference_train_loaded.py" train --ngf "$ngf" --blocks "$nb" \
      --ndf "$ndf" --size "$sz" --threads "$nt" 2>/dev/null | tail -1 | /usr/bin/python3 -c 'import json,sys; print("%.4f" % json.load(sys.stdin)["median_s"])')")
  done
  best=$(printf '%s\n' "${t[@]}" | sort -g | head -1)
  ratio=$(awk -v a="$j" -v b="$best" 'BEGIN {if (a > 0 && b > 0) printf "%.2fx", a / b; else print "-"}')
  printf '%-16s %10s %10s %10s %8s  %s, %s\n' "$c" "${j:--}" "${t[0]}" "${t[1]}" "$ratio" "$l0" "$(cut -d' ' -f1 /proc/loadavg)"
done
echo "real2sim with ${THREADS:+--threads }${THREADS:-its default threads}; ratio = real2sim median / the faster PyTorch median (target <= 0.8x); medians of 10 after 3 warm-ups, no repetition discarded"
