#!/usr/bin/env bash
# A real2sim sweep as Slurm jobs over one shared run directory (example; adapt partitions, GPUs,
# paths). Submit with:   bash docs/cluster/sweep-slurm.sh
#
#   1. the prepare job trains the shared stages a and b once (and draws every labeled subset);
#   2. the array job, which starts only after the prepare job succeeded (--dependency=afterok),
#      runs one shard per task: `--shard auto` reads SLURM_ARRAY_TASK_ID (minus
#      SLURM_ARRAY_TASK_MIN) and SLURM_ARRAY_TASK_COUNT;
#   3. the last shard to finish merges sweep.csv, sweep.json and the report. A failed task is
#      requeued by Slurm (--requeue) and resumes its points from their checkpoints; run
#      `./real2sim sweep <same options> --merge` at any time to merge what is finished so far.
#
# Every job must pass the same sweep options (the shards check them against the prepare job's).
set -euo pipefail
REPO="${REPO:-$PWD}"                 # a checkout on the shared file system, built once (./real2sim --help)
RUNS="${RUNS:-/shared/real2sim/runs}" # the shared run directory (atomic renames must work there)
SHARDS="${SHARDS:-8}"
SWEEP=(sweep --preset shapes-quick --runs "$RUNS" --name quickstart)

prepare=$(sbatch --parsable --job-name=r2s-prepare --cpus-per-task=8 --time=04:00:00 \
  --wrap "cd '$REPO' && REAL2SIM_NO_BUILD=1 ./real2sim ${SWEEP[*]} --prepare")

sbatch --dependency=afterok:"$prepare" --array=0-$((SHARDS - 1)) --requeue \
  --job-name=r2s-sweep --cpus-per-task=8 --time=12:00:00 \
  --wrap "cd '$REPO' && REAL2SIM_NO_BUILD=1 ./real2sim ${SWEEP[*]} --shard auto"
