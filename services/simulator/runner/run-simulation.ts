// Paces the generator's emissions against the wall clock: simulated time advances
// `speedUp` times faster than wall time, and a record goes out once the simulated clock
// passes its publish time, at most `maxRatePerSecond` records per wall second.
import type { SimEmission } from '../generator/emission.js';
import type { Clock } from './clock.js';
import type { Publisher } from './publisher.js';

export interface RunOptions {
  readonly emissions: Iterable<SimEmission>;
  readonly publisher: Publisher;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** The simulated time at the moment the run starts. */
  readonly simStartTime: number;
  /** Simulated ms per wall ms (3600 = one hour per second); Infinity publishes as fast as allowed. */
  readonly speedUp: number;
  /** Records per wall second at most; Infinity for no cap. */
  readonly maxRatePerSecond: number;
  /** Wall ms after which the run stops; Infinity to run until the emissions end or the signal. */
  readonly durationMs: number;
  /**
   * The latest simulated time that may be published, read on every tick (the CLI passes the
   * epoch wall clock): a fast-forwarded run catches up with the present and then goes on live
   * instead of publishing event times in the future, which the processor dead-letters.
   */
  readonly simTimeLimit?: () => number;
  readonly tickMs?: number;
  /** Records handed over per tick at most, so timers and signals are never held up long. */
  readonly maxBatch?: number;
  readonly progressEveryMs?: number;
  readonly onProgress?: (progress: RunProgress) => void;
}

export interface RunProgress {
  readonly wallMs: number;
  /** Publish time of the last record sent (simulated). */
  readonly simTime: number;
  readonly published: Readonly<Record<SimEmission['kind'], number>>;
  readonly duplicates: number;
  /** How overdue the next record is (ms of simulated time): publishing trails the clock, e.g. under a rate cap. */
  readonly lagMs: number;
}

export interface RunSummary extends RunProgress {
  readonly stoppedBy: 'end' | 'duration' | 'signal';
}

export async function runSimulation(options: RunOptions): Promise<RunSummary> {
  const { clock, publisher, signal } = options;
  const tickMs = options.tickMs ?? 50;
  const maxBatch = options.maxBatch ?? 2_000;
  const iterator = options.emissions[Symbol.iterator]();
  const published = { prediction: 0, outcome: 0, malformed: 0 };
  let duplicates = 0;
  let total = 0;
  let simTime = options.simStartTime;
  const start = clock.now();
  let lastProgress = start;
  let next = iterator.next();

  const snapshot = (wallNow: number): RunProgress => {
    const simClock = options.simStartTime + (wallNow - start) * options.speedUp;
    const lagMs = Number.isFinite(simClock) && next.done !== true ? Math.max(0, simClock - next.value.publishTime) : 0;
    return { wallMs: wallNow - start, simTime, published: { ...published }, duplicates, lagMs };
  };

  let stoppedBy: RunSummary['stoppedBy'];
  for (;;) {
    if (signal.aborted) {
      stoppedBy = 'signal';
      break;
    }
    if (next.done === true) {
      stoppedBy = 'end';
      break;
    }
    const now = clock.now();
    const elapsed = now - start;
    if (elapsed >= options.durationMs) {
      stoppedBy = 'duration';
      break;
    }
    const simClock = Math.min(options.simStartTime + elapsed * options.speedUp, options.simTimeLimit?.() ?? Number.POSITIVE_INFINITY);
    // One second's worth of burst at most, so a stall is not followed by a flood.
    const allowance = Number.isFinite(options.maxRatePerSecond)
      ? Math.floor(Math.min(options.maxRatePerSecond * (elapsed / 1000), total + options.maxRatePerSecond)) - total
      : maxBatch;
    const budget = Math.min(maxBatch, allowance);

    let sent = 0;
    while (next.done !== true && next.value.publishTime <= simClock && sent < budget) {
      const emission = next.value;
      await publish(publisher, emission);
      published[emission.kind]++;
      if (emission.kind !== 'malformed' && emission.duplicate) duplicates++;
      simTime = emission.publishTime;
      sent++;
      next = iterator.next();
    }
    // No flush per tick: publishers batch in the background (the SDK lingers, then sends)
    // and push back through their promises when full; the one flush is at the end.
    total += sent;

    const after = clock.now();
    if (options.onProgress !== undefined && after - lastProgress >= (options.progressEveryMs ?? 5_000)) {
      lastProgress = after;
      options.onProgress(snapshot(after));
    }
    if (sent === maxBatch) continue;
    const speed = options.simTimeLimit !== undefined && simClock >= options.simTimeLimit() ? 1 : options.speedUp;
    const untilNext = next.done === true || !Number.isFinite(speed) ? tickMs : (next.value.publishTime - simClock) / speed;
    await clock.sleep(Math.max(1, Math.min(tickMs, untilNext)), signal);
  }
  await publisher.flush();
  return { ...snapshot(clock.now()), stoppedBy };
}

function publish(publisher: Publisher, emission: SimEmission): Promise<void> {
  switch (emission.kind) {
    case 'prediction':
      return publisher.prediction(emission.event);
    case 'outcome':
      return publisher.outcome(emission.event);
    case 'malformed':
      return publisher.raw(emission.topic, emission.modelId, emission.bytes);
  }
}
