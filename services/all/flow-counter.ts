import type { ErrorCode } from '../shared/errors.js';

/** What has flowed through one topic since the last report. */
export interface TopicFlow {
  readonly valid: number;
  readonly invalid: number;
  readonly invalidByCode: Readonly<Partial<Record<ErrorCode, number>>>;
  readonly models: number;
}

/** Counts decoded and rejected events per topic between two reports; pure and clock-free. */
export class FlowCounter {
  #valid = new Map<string, number>();
  #invalid = new Map<string, Map<ErrorCode, number>>();
  #models = new Map<string, Set<string>>();

  recordValid(topic: string, modelId: string): void {
    this.#valid.set(topic, (this.#valid.get(topic) ?? 0) + 1);
    let models = this.#models.get(topic);
    if (models === undefined) this.#models.set(topic, (models = new Set<string>()));
    models.add(modelId);
  }

  recordInvalid(topic: string, code: ErrorCode): void {
    let byCode = this.#invalid.get(topic);
    if (byCode === undefined) this.#invalid.set(topic, (byCode = new Map<ErrorCode, number>()));
    byCode.set(code, (byCode.get(code) ?? 0) + 1);
  }

  /** Returns the counts since the previous call and starts afresh. */
  drain(): Record<string, TopicFlow> {
    const topics = new Set([...this.#valid.keys(), ...this.#invalid.keys()]);
    const report: Record<string, TopicFlow> = {};
    for (const topic of topics) {
      const byCode = this.#invalid.get(topic) ?? new Map<ErrorCode, number>();
      report[topic] = {
        valid: this.#valid.get(topic) ?? 0,
        invalid: [...byCode.values()].reduce((a, b) => a + b, 0),
        invalidByCode: Object.fromEntries(byCode),
        models: this.#models.get(topic)?.size ?? 0,
      };
    }
    this.#valid.clear();
    this.#invalid.clear();
    this.#models.clear();
    return report;
  }
}
