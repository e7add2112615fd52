// Shared output format for every benchmark: one JSON object per metric per line on stdout,
// each with the baseline measured in the same run (or null when there is none).

export interface BenchMetric {
  metric: string;
  value: number;
  unit: string;
  /** What the value is compared with, e.g. "npm tdigest 0.1.3 (same run)"; null when none. */
  baseline: string | null;
  baseline_value: number | null;
}

export function emit(metric: BenchMetric): void {
  process.stdout.write(`${JSON.stringify({ ...metric, value: round(metric.value), baseline_value: metric.baseline_value === null ? null : round(metric.baseline_value) })}\n`);
}

/**
 * Runs `run` `repeats` times and returns the fastest CPU time of this process (user + system)
 * in nanoseconds per operation. CPU time rather than wall time, because the benchmark machines
 * are shared: other processes stretch wall time but not (much) our CPU time. Each run should
 * last at least ~20 ms, since process.cpuUsage() counts microseconds.
 */
export function bestNsPerOp(operations: number, repeats: number, run: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeats; i++) {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    best = Math.min(best, ((used.user + used.system) * 1000) / operations);
  }
  return best;
}

function round(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(4)) : value;
}
