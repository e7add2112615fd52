// Run by processor.bench.ts as its own process (node --expose-gc), so the resident memory
// measured is the processor's alone: one instance, embedded store, every model's windows open.
// Input: VIGIL_BENCH_BROKERS, VIGIL_BENCH_PREDICTIONS, VIGIL_BENCH_OUTCOMES, VIGIL_BENCH_RECORDS.
// Output: one JSON line { rssMb, heapUsedMb, baselineRssMb } on stdout.
import { readFileSync } from 'node:fs';
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
// Resident memory split as the kernel sees it: anonymous (heaps, allocator) and file-backed
// (mostly the pages of libchdb.so, a 566 MB library, touched while running queries).
const status = readFileSync('/proc/self/status', 'utf8');
const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
process.stdout.write(`${JSON.stringify({ rssMb: mb(usage.rss), heapUsedMb: mb(usage.heapUsed), heapTotalMb: mb(usage.heapTotal), externalMb: mb(usage.external), anonMb: kb('RssAnon') / 1024, fileMb: kb('RssFile') / 1024, baselineRssMb })}\n`);
await phase.close();
