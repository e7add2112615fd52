// Simulator settings from flags (--models 20) and VIGIL_SIM_* variables; flags win.
// Validated once with zod, so a typo names the setting instead of running with a default.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { VigilError } from '../../shared/errors.js';
import { PRESETS } from '../spec/presets.js';

const HOUR = 3_600_000;

/** flag name → environment variable. */
export const SIMULATOR_SETTINGS = {
  preset: 'VIGIL_SIM_PRESET',
  models: 'VIGIL_SIM_MODELS',
  seed: 'VIGIL_SIM_SEED',
  rate: 'VIGIL_SIM_RATE',
  'max-rate': 'VIGIL_SIM_MAX_RATE',
  duration: 'VIGIL_SIM_DURATION',
  'speed-up': 'VIGIL_SIM_SPEED_UP',
  start: 'VIGIL_SIM_START',
  'horizon-hours': 'VIGIL_SIM_HORIZON_HOURS',
  'ground-truth': 'VIGIL_SIM_GROUND_TRUTH',
  'run-id': 'VIGIL_SIM_RUN_ID',
  'dry-run': 'VIGIL_SIM_DRY_RUN',
} as const;

const numberFrom = z.coerce.number().refine(Number.isFinite, 'must be a number');
const optionsSchema = z.strictObject({
  preset: z.enum(PRESETS).default('demo'),
  models: z.coerce.number().int().min(1).max(100_000).optional(),
  seed: z.coerce.number().int().min(0).max(4_294_967_295).default(42),
  /** Mean records per wall second. */
  rate: numberFrom.pipe(z.number().positive()).default(500),
  /** Records per wall second at most (bursts of delayed outcomes); default twice the rate. */
  'max-rate': numberFrom.pipe(z.number().positive()).optional(),
  /** Wall seconds; 0 runs until SIGINT/SIGTERM. */
  duration: numberFrom.pipe(z.number().min(0)).default(0),
  /** Simulated seconds per wall second. */
  'speed-up': numberFrom.pipe(z.number().positive()).default(600),
  /** ISO time or epoch ms of the first simulated event; default: the run ends about now. */
  start: z.string().optional(),
  'horizon-hours': numberFrom.pipe(z.number().positive()).optional(),
  'ground-truth': z.string().min(1).default('.vigil/simulator/ground-truth.json'),
  'run-id': z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - only').max(64).optional(),
  'dry-run': z.enum(['true', 'false', '1', '0', '']).transform((v) => v === 'true' || v === '1' || v === '').default(false),
});

export interface SimulatorOptions {
  readonly preset: (typeof PRESETS)[number];
  readonly models: number;
  readonly seed: number;
  readonly rate: number;
  readonly maxRate: number;
  /** Wall ms; Infinity until a signal. */
  readonly durationMs: number;
  readonly speedUp: number;
  readonly startTime: number;
  readonly endTime: number;
  readonly scenarioHorizonMs: number;
  readonly groundTruthPath: string;
  readonly runId: string;
  readonly dryRun: boolean;
}

/** `nowMs` is only used for the default start time, so the run ends near the present. */
export function parseSimulatorOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, nowMs: number): SimulatorOptions {
  const flagSpec = Object.fromEntries(
    Object.keys(SIMULATOR_SETTINGS).map((name) => [name, name === 'dry-run' ? { type: 'boolean' as const } : { type: 'string' as const }]),
  );
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...argv], options: flagSpec, strict: true, allowPositionals: false }).values;
  } catch (cause) {
    throw new VigilError('SIMULATOR_INVALID', (cause as Error).message);
  }
  const raw: Record<string, string> = {};
  for (const [flag, variable] of Object.entries(SIMULATOR_SETTINGS)) {
    const fromFlag = values[flag];
    const value = typeof fromFlag === 'boolean' ? String(fromFlag) : (fromFlag ?? env[variable]);
    if (value !== undefined) raw[flag] = value;
  }
  for (const name of Object.keys(env)) {
    if (name.startsWith('VIGIL_SIM_') && !(Object.values(SIMULATOR_SETTINGS) as string[]).includes(name)) {
      throw new VigilError('SIMULATOR_INVALID', `environment variable ${name} is not a simulator setting`);
    }
  }
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `--${i.path.map(String).join('.')} (${SIMULATOR_SETTINGS[i.path[0] as keyof typeof SIMULATOR_SETTINGS]}): ${i.message}`).join('; ');
    throw new VigilError('SIMULATOR_INVALID', reason);
  }
  const o = parsed.data;
  const speedUp = o['speed-up'];
  const durationMs = o.duration === 0 ? Number.POSITIVE_INFINITY : o.duration * 1000;
  const simulatedSpan = durationMs * speedUp;
  const scenarioHorizonMs = o['horizon-hours'] !== undefined ? o['horizon-hours'] * HOUR : Number.isFinite(simulatedSpan) ? simulatedSpan : 24 * HOUR;
  const startTime = o.start === undefined ? Math.floor(nowMs / HOUR) * HOUR - scenarioHorizonMs : parseTime(o.start);
  return {
    preset: o.preset,
    models: o.models ?? (o.preset === 'demo' ? 5 : 50),
    seed: o.seed,
    rate: o.rate,
    maxRate: o['max-rate'] ?? 2 * o.rate,
    durationMs,
    speedUp,
    startTime,
    endTime: startTime + simulatedSpan,
    scenarioHorizonMs,
    groundTruthPath: o['ground-truth'],
    // The start time in the default id keeps a re-run from repeating the last run's event ids.
    runId: o['run-id'] ?? `sim${o.seed}-${startTime.toString(36)}`,
    dryRun: o['dry-run'],
  };
}

function parseTime(text: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(value) || value < 0) throw new VigilError('SIMULATOR_INVALID', `--start (VIGIL_SIM_START): "${text}" is not an ISO time or epoch milliseconds`);
  return value;
}
