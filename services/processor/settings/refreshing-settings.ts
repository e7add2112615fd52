import type { Store } from '../../adapters/store/index.js';
import type { ProfileSettings } from '../../core/profile/index.js';
import type { Logger } from '../../shared/logger.js';
import { loadSettingsSnapshot } from './settings-repository.js';
import { DEFAULT_SETTINGS_LIMITS, SettingsSnapshot, type SettingsLimits } from './settings-snapshot.js';

/**
 * Holds the current settings snapshot and replaces it on `refresh()`. A failed refresh keeps the
 * previous snapshot (thresholds rarely change; stale beats stopping the stream) and is logged.
 * The runtime calls `start(config.processor.settingsRefreshMs)` and `stop()` on shutdown.
 */
export class RefreshingSettings {
  private snapshot: SettingsSnapshot;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly limits: SettingsLimits = DEFAULT_SETTINGS_LIMITS,
  ) {
    this.snapshot = SettingsSnapshot.empty(limits);
  }

  get current(): SettingsSnapshot {
    return this.snapshot;
  }

  /** What MonitoringTopology options need: the current snapshot's profile settings. */
  settingsFor(modelId: string): ProfileSettings {
    return this.snapshot.settingsFor(modelId);
  }

  /** Loads a new snapshot; throws the store error (the first load at start-up should fail loudly). */
  async refresh(): Promise<SettingsSnapshot> {
    const { snapshot, rejected } = await loadSettingsSnapshot(this.store, this.limits);
    if (rejected > 0) this.logger.warn({ rejected }, 'ignored malformed threshold or model settings rows');
    this.snapshot = snapshot;
    return snapshot;
  }

  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) => {
        this.logger.warn({ err: error }, 'settings refresh failed; keeping the previous snapshot');
      });
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
