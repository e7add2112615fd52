// Run by processor.bench.ts as its own process (node --expose-gc), so the resident memory
// measured is the processor's alone: one instance, embedded store, every model's windows open.
// Input: VIGIL_BENCH_BROKERS, VIGIL_BENCH_PREDICTIONS, VIGIL_BENCH_OUTCOMES, VIGIL_BENCH_RECORDS.
// Output: one JSON line { rssMb, heapUsedMb, baselineRssMb } on stdout.
import { runProcessorPhase } from './processor-phase.js';

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number): number => bytes / (1024 * 1024);

gc?.();
const baselineRssMb = mb(process.memoryUsage().rss);
const phase = await runProcessorPhase({
  brokers: required('VIGIL_BENCH_BROKERS'),
  registryUrl: undefined,
  encoding: 'json',
  topics: { predictions: required('VIGIL_BENCH_PREDICTIONS'), outcomes: required('VIGIL_BENCH_OUTCOMES') },
  records: Number(required('VIGIL_BENCH_RECORDS')),
});
gc?.();
const usage = process.memoryUsage();
process.stdout.write(`${JSON.stringify({ rssMb: mb(usage.rss), heapUsedMb: mb(usage.heapUsed), heapTotalMb: mb(usage.heapTotal), externalMb: mb(usage.external), baselineRssMb })}\n`);
await phase.close();
