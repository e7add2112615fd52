// One processor run = a consumer group and a database of its own over given topics, so several
// runs over the same topics (a clean one and a disrupted one) can be compared.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin } from 'kafkajs';
import { uniqueName } from '../../stack/stack-env.js';
import { publishEmissions, splitPriming, type Topics } from './fleet-data.js';
import type { SimEmission } from '../../../../services/simulator/generator/emission.js';
import { ProcessorProcess, type ProcessorRunSettings } from './processor-process.js';
import { groupLag, waitForCaughtUp, waitUntil } from './progress.js';
import { dropServerDatabase, migrateServerDatabase, openServerStore, snapshotServerRun, type RunSnapshot } from './store-snapshot.js';
import { uploadReferences } from './scenario-fleet.js';
import type { ModelWindowProfile } from '../../../../services/core/profile/index.js';

export interface RunContext {
  readonly brokers: string;
  readonly clickhouseUrl: string;
  readonly admin: Admin;
  readonly logDir: string;
}

export function newLogDir(): string {
  return mkdtempSync(join(tmpdir(), 'vigil-processor-logs-'));
}

export class ProcessorRun {
  readonly settings: ProcessorRunSettings;
  readonly instances: ProcessorProcess[] = [];

  constructor(
    private readonly context: RunContext,
    name: string,
    readonly topics: Topics,
    extraEnv: Readonly<Record<string, string>> = {},
  ) {
    const id = uniqueName(name).replace(/[^a-zA-Z0-9_]/g, '_');
    this.settings = {
      brokers: context.brokers,
      clickhouseUrl: context.clickhouseUrl,
      database: `vigil_proc_${id}`,
      topics: { ...topics, deadLetters: `${topics.predictions}-dlq-${id}` },
      groupId: `vigil-test-${id}`,
      logFile: join(context.logDir, `${id}.log`),
      extraEnv,
    };
  }

  /**
   * Creates the database; with `references`, stores each as its model's current reference. An
   * explicit reference keeps runs comparable: an automatic one is pinned whenever the reference
   * source next looks, so which windows see it depends on timing (reported to the lead).
   */
  async prepare(references?: ReadonlyMap<string, ModelWindowProfile>): Promise<this> {
    await migrateServerDatabase(this.context.clickhouseUrl, this.settings.database);
    if (references !== undefined) {
      const store = await openServerStore(this.context.clickhouseUrl, this.settings.database);
      try {
        await uploadReferences(store, references);
      } finally {
        await store.close();
      }
    }
    return this;
  }

  /** Starts one more instance of the processor in this run's group. */
  addInstance(): ProcessorProcess {
    const instance = new ProcessorProcess({ ...this.settings, logFile: this.settings.logFile.replace(/\.log$/, `-${this.instances.length}.log`) });
    this.instances.push(instance);
    instance.start();
    return instance;
  }

  inputTopics(): string[] {
    return [this.topics.predictions, this.topics.outcomes];
  }

  async waitForCaughtUp(timeoutMs = 150_000): Promise<void> {
    try {
      await waitForCaughtUp(this.context.admin, this.settings.groupId, this.inputTopics(), timeoutMs);
    } catch (error) {
      const exited = this.instances.filter((i) => !i.running).length;
      throw new Error(`${String(error)}; ${exited} of ${this.instances.length} instances not running; logs: ${this.settings.logFile.replace(/\.log$/, '-*.log')}`);
    }
  }

  /** Resolves once the group committed more than it had when called (an instance is processing). */
  async waitForProgress(timeoutMs = 120_000): Promise<void> {
    const lag = () => groupLag(this.context.admin, this.settings.groupId, this.inputTopics());
    // The first read retries too: a fresh broker may answer NOT_COORDINATOR for a new group.
    const before = (await waitUntil('the group lag', lag, () => true, 60_000)).total;
    await waitUntil('the processor commits progress', lag, (now) => now.total < before || now.total === 0, timeoutMs);
  }

  /**
   * Publishes the predictions before the first outcome, starts the first instance and waits
   * until it committed all of them (see splitPriming); returns the rest of the emissions.
   */
  async startPrimed(emissions: readonly SimEmission[]): Promise<SimEmission[]> {
    const [priming, rest] = splitPriming(emissions);
    await publishEmissions(this.context.brokers, this.topics, priming);
    this.addInstance();
    // Every partition's priming must be in: progress on one partition says nothing of another.
    await this.waitForCaughtUp();
    return rest;
  }

  snapshot(): Promise<RunSnapshot> {
    return snapshotServerRun(this.context.clickhouseUrl, this.settings.database);
  }

  async dispose(dropDatabase = true): Promise<void> {
    for (const instance of this.instances) await instance.dispose();
    if (dropDatabase) await dropServerDatabase(this.context.clickhouseUrl, this.settings.database).catch(() => undefined);
  }
}

/**
 * A run with one instance and no disruption over its own topics, to completion: what every
 * disrupted run must equal. The same emissions published in the same order by the same code
 * give every topic set the same per-partition log order.
 */
export async function cleanRunSnapshot(context: RunContext, topics: Topics, emissions: readonly SimEmission[], references?: ReadonlyMap<string, ModelWindowProfile>): Promise<RunSnapshot> {
  const run = await new ProcessorRun(context, 'clean', topics).prepare(references);
  try {
    const rest = await run.startPrimed(emissions);
    await publishEmissions(context.brokers, topics, rest);
    const instance = run.instances[0];
    if (instance === undefined) throw new Error('no instance started');
    await run.waitForCaughtUp();
    const exitCode = await instance.terminate();
    if (exitCode !== 0) throw new Error(`the clean run exited with ${String(exitCode)} after SIGTERM (log ${run.settings.logFile})`);
    return await run.snapshot();
  } finally {
    await run.dispose();
  }
}
