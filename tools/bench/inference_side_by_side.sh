#!/usr/bin/env bash
# Inference side by side, one run, same machine: real2sim's bench-inference (the fused bundle in ONNX
# Runtime against the same networks in TensorFlow Java, timed alternately) and PyTorch eager inference of
# the same architectures (tools/bench/torch_inference.py), case by case so that all three see about the
# same load. PyTorch runs as a training script runs it (OpenBLAS with one BLAS thread, glibc's mmap
# threshold raised), like ../shared/peer/run_side_by_side.sh.
# usage: tools/bench/inference_side_by_side.sh [--preset quick|paper] [--threads N] [--iterations N] [--warmup N]
# Needs /usr/bin/python3 with torch (Debian's python3-torch).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
proj=$(cd "$here/../.." && pwd)
preset=quick threads=1 iterations=20 warmup=3
while [ $# -gt 0 ]; do
  case $1 in
    --preset) preset=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --iterations) iterations=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
torch_env=(LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OPENBLAS_NUM_THREADS=1
  MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=4294967296 MALLOC_TOP_PAD_=268435456)
echo "inference side by side: preset $preset, $threads thread(s), batch 1, $warmup warm-up + $iterations timed calls;" \
  "$(date -u '+%F %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %-8s %6s %9s %9s %9s %8s %8s %9s %9s %9s\n' case 'H x W' GFLOP 'ORT p50' 'TF p50' 'torch p50' 'TF/ORT' \
  'torch/ORT' 'ORT GF/s' 'TF GF/s' 'torch GF/s'
for cs in shapes:64x64 streets:128x256 streets:256x512; do
  c=${cs%%:*} s=${cs##*:}
  j=$(cd "$proj" && ./real2sim bench-inference --preset "$preset" --case "$c" --size "$s" --threads "$threads" \
    --iterations "$iterations" --warmup "$warmup" 2>/dev/null | awk -v c="$c" -v s="$s" '$1==c && $2==s')
  t=$(env "${torch_env[@]}" /usr/bin/python3 "$here/torch_inference.py" --preset "$preset" --case "$c" --size "$s" \
    --threads "$threads" --iterations "$iterations" --warmup "$warmup" 2>/dev/null | tail -1)
  /usr/bin/python3 - "$j" "$t" <<'EOF'
import json, sys
j, t = sys.argv[1].split(), json.loads(sys.argv[2])
ms = lambda v: float(v.rstrip("ms"))  # noqa: E731
ort, tf, pt, gflop = ms(j[4]), ms(j[5]), t["p50_ms"], float(j[2])
print("%-8s %-8s %6.2f %7.1fms %7.1fms %7.1fms %7.2fx %8.2fx %9.1f %9.1f %9.1f" % (
    j[0], j[1], gflop, ort, tf, pt, tf / ort, pt / ort, gflop / ort * 1e3, gflop / tf * 1e3, gflop / pt * 1e3))
EOF
done
echo "ratios: how many times the ONNX Runtime bundle's median (target TF/ORT >= 2x); GFLOP/s against the ~440 ceiling;" \
  "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
