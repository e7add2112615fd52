// Generation speed for 20-feature events: `npx tsx services/simulator/cli/bench-generator.ts [events]`.
// Prints one JSON object per metric. The baseline is JSON-encoding the same events, which
// every publisher must do anyway: the generator should not be the slower of the two.
import { FleetGenerator } from '../generator/fleet-generator.js';
import type { SimEmission } from '../generator/emission.js';
import { buildPresetFleet } from '../spec/presets.js';

const target = Number(process.argv[2] ?? 150_000);
const HOUR = 3_600_000;
const start = Date.UTC(2026, 0, 1);
const spec = buildPresetFleet({ preset: 'demo', models: 5, seed: 1, runId: 'bench', startTime: start, endTime: Number.POSITIVE_INFINITY, scenarioHorizonMs: 24 * HOUR, eventsPerHour: 20_000 });

/** Generation alone: emissions are counted, not kept, as the runner streams them. */
function timeGeneration(): number {
  let count = 0;
  const t0 = performance.now();
  for (const _emission of new FleetGenerator(spec)) if (++count === target) break;
  return performance.now() - t0;
}

function collect(): SimEmission[] {
  const emissions: SimEmission[] = [];
  for (const emission of new FleetGenerator(spec)) if (emissions.push(emission) === target) break;
  return emissions;
}

timeGeneration(); // warm-up: JIT and lazy module state
const ms = timeGeneration();
const emissions = collect();
const t1 = performance.now();
let bytes = 0;
for (const e of emissions) if (e.kind !== 'malformed') bytes += JSON.stringify(e.event).length;
const encodeMs = performance.now() - t1;

const print = (metric: string, value: number, unit: string, extra: Record<string, unknown> = {}): void => {
  console.log(JSON.stringify({ metric, value: Math.round(value), unit, ...extra }));
};
print('simulator.generate', (target * 1000) / ms, 'events/s', { events: target, features: 20, baseline: 'json.stringify' });
print('json.stringify', (emissions.length * 1000) / encodeMs, 'events/s', { events: emissions.length, meanBytes: Math.round(bytes / emissions.length) });
