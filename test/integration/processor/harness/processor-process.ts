// The processor as a child process, the way it runs in production: `node --import tsx
// services/processor/main.ts` with VIGIL_* variables. Started directly by node (not npx) so
// the pid we signal is the processor itself, and kill -9 really is a crash.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../../../..');

export interface ProcessorRunSettings {
  readonly brokers: string;
  readonly clickhouseUrl: string;
  readonly database: string;
  readonly topics: { readonly predictions: string; readonly outcomes: string; readonly deadLetters: string };
  readonly groupId: string;
  /** Every line the processor logs goes here (read it when a test fails). */
  readonly logFile: string;
  readonly extraEnv?: Readonly<Record<string, string>>;
}

/** Minute windows and short intervals, so a run of a few thousand events closes many windows. */
export const TEST_WINDOWING = {
  VIGIL_PROCESSOR_WINDOW_SIZE_MS: '60000',
  VIGIL_PROCESSOR_GRACE_MS: '10000',
  VIGIL_PROCESSOR_LABEL_HORIZON_MS: '300000',
  // Longer than any run's event-time span: the watermark is always the minimum of both
  // topics, so which windows close does not depend on how fetches of the two topics interleave.
  VIGIL_PROCESSOR_IDLE_SOURCE_TIMEOUT_MS: String(24 * 3_600_000),
  VIGIL_PROCESSOR_CHECKPOINT_INTERVAL_MS: '1000',
  // ≤ 256 KiB per partition and fetch: a fresh partition's first batch (read before the other
  // topic's source is known to the watermark) spans a few minutes of event time at test rates,
  // less than the label horizon, so no label is judged late because of fetch order.
  VIGIL_PROCESSOR_MAX_BUFFERED_BYTES: String(1024 * 1024),
  VIGIL_PROCESSOR_AUTO_REFERENCE_MIN_PREDICTIONS: '300',
  VIGIL_PROCESSOR_SETTINGS_REFRESH_MS: '1000',
  // A crashed member is noticed after this: each kill -9 stalls the group for about as long.
  // Not shorter: on a loaded 2-core machine a busy event loop misses heartbeats.
  VIGIL_PROCESSOR_SESSION_TIMEOUT_MS: '10000',
} as const;

export function processorEnv(settings: ProcessorRunSettings): NodeJS.ProcessEnv {
  // Only our variables: a VIGIL_* the test process inherited (the shared stack's) must not leak in.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VIGIL_')));
  return {
    ...inherited,
    VIGIL_LOG_LEVEL: 'info',
    VIGIL_KAFKA_BROKERS: settings.brokers,
    VIGIL_KAFKA_CLIENT_ID: settings.groupId,
    VIGIL_TOPIC_PREDICTIONS: settings.topics.predictions,
    VIGIL_TOPIC_OUTCOMES: settings.topics.outcomes,
    VIGIL_TOPIC_DEAD_LETTERS: settings.topics.deadLetters,
    VIGIL_TOPIC_ANOMALIES: `${settings.topics.deadLetters}-anomalies`,
    VIGIL_CLICKHOUSE_MODE: 'http',
    VIGIL_CLICKHOUSE_URL: settings.clickhouseUrl,
    VIGIL_CLICKHOUSE_DATABASE: settings.database,
    VIGIL_PROCESSOR_GROUP_ID: settings.groupId,
    VIGIL_PROCESSOR_HTTP_PORT: '0',
    ...TEST_WINDOWING,
    ...settings.extraEnv,
  };
}

/** One processor instance; `start` again after a crash or stop to model a restart. */
export class ProcessorProcess {
  private child: ChildProcess | undefined;
  private exit: Promise<number | null> = Promise.resolve(null);
  /** Resolves once main.ts logged "starting": its SIGTERM handler is installed from then on. */
  private started: Promise<void> = Promise.resolve();
  private readonly log: WriteStream;
  starts = 0;

  constructor(private readonly settings: ProcessorRunSettings) {
    this.log = createWriteStream(settings.logFile, { flags: 'a' });
  }

  /** Messages (pino `msg`) this instance logged so far, in order. */
  loggedMessages(): string[] {
    return readFileSync(this.settings.logFile, 'utf8')
      .split('\n')
      .flatMap((line) => {
        try {
          const entry = JSON.parse(line) as { msg?: unknown };
          return typeof entry.msg === 'string' ? [entry.msg] : [];
        } catch {
          return [];
        }
      });
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    if (this.running) throw new Error('processor already running');
    this.starts++;
    this.log.write(`\n==== start #${this.starts} at ${new Date().toISOString()}\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', 'services/processor/main.ts'], {
      cwd: REPO,
      env: processorEnv(this.settings),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(this.log, { end: false });
    child.stderr.pipe(this.log, { end: false });
    this.started = new Promise((resolveStarted) => {
      const watch = (chunk: Buffer): void => {
        if (!chunk.toString().includes('"msg":"starting"')) return;
        child.stdout.off('data', watch);
        resolveStarted();
      };
      child.stdout.on('data', watch);
      child.once('exit', () => { resolveStarted(); });
      // Never wait forever (e.g. the line split across chunks): after 30 s send the signal anyway.
      setTimeout(resolveStarted, 30_000).unref();
    });
    this.exit = new Promise((resolveExit) => {
      child.once('exit', (code) => {
        resolveExit(code);
      });
    });
    this.child = child;
  }

  /** A crash: no SIGTERM handler runs, nothing is flushed. */
  async kill9(): Promise<void> {
    if (!this.running) throw new Error(`processor exited by itself (see ${this.settings.logFile})`);
    this.child?.kill('SIGKILL');
    await this.exit;
  }

  /** A graceful stop (scale-in, deploy); resolves with the exit code. */
  async terminate(timeoutMs = 60_000): Promise<number | null> {
    if (!this.running) return this.exit;
    // A SIGTERM before main.ts installed its handler would kill a process still loading.
    await this.started;
    this.child?.kill('SIGTERM');
    const timer = setTimeout(() => {
      this.child?.kill('SIGKILL');
    }, timeoutMs);
    const code = await this.exit;
    clearTimeout(timer);
    return code;
  }

  /** Stops the process if it still runs and closes the log file. */
  async dispose(): Promise<void> {
    if (this.running) {
      this.child?.kill('SIGKILL');
      await this.exit;
    }
    await new Promise<void>((resolveEnd) => this.log.end(resolveEnd));
  }
}
