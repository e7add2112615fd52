import { decodeVersionedJson, encodeVersionedJson, isCount, stateCorrupt } from '../accuracy/versioned-json.js';
import { binaryValue } from './binary-value.js';

/** Counts for one group: every prediction (n, predicted positive) and the labelled ones' confusion cells. */
export interface ConfusionCells {
  n: number;
  predictedPositive: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface GroupConfusionCountsOptions {
  /** Distinct groups kept per attribute; rows of further groups are counted as overflow (default 1000). */
  readonly maxGroupsPerAttribute?: number;
}

const VERSION = 1;
const WHAT = 'group-confusion-counts';
const CELLS = ['n', 'predictedPositive', 'tp', 'fp', 'tn', 'fn'] as const;

function emptyCells(): ConfusionCells {
  return { n: 0, predictedPositive: 0, tp: 0, fp: 0, tn: 0, fn: 0 };
}

/**
 * Mergeable per-attribute, per-group confusion counts for binary decisions (favourable = 1).
 * A prediction without a label (outcome not joined yet) counts towards n and the selection rate
 * only. Invalid predictions or labels are counted and excluded, never thrown on.
 */
export class GroupConfusionCounts {
  private readonly attributes = new Map<string, Map<string, ConfusionCells>>();
  private invalidRows = 0;
  private overflowRows = 0;
  readonly maxGroupsPerAttribute: number;

  constructor(options: GroupConfusionCountsOptions = {}) {
    const max = options.maxGroupsPerAttribute ?? 1000;
    this.maxGroupsPerAttribute = Number.isSafeInteger(max) && max > 0 ? max : 1000;
  }

  /** Rows excluded because the prediction or the label was not 0/1. */
  get invalid(): number {
    return this.invalidRows;
  }

  /** Rows excluded because their attribute already had the maximum number of groups. */
  get overflow(): number {
    return this.overflowRows;
  }

  add(attribute: string, group: string, predicted: unknown, actual?: unknown): this {
    const prediction = binaryValue(predicted);
    const label = actual === undefined || actual === null ? null : binaryValue(actual);
    if (prediction === undefined || label === undefined) {
      this.invalidRows += 1;
      return this;
    }
    const cells = this.cellsFor(attribute, group);
    if (cells === undefined) {
      this.overflowRows += 1;
      return this;
    }
    cells.n += 1;
    cells.predictedPositive += prediction;
    if (label === null) return this;
    if (prediction === 1) {
      if (label === 1) cells.tp += 1;
      else cells.fp += 1;
    } else if (label === 1) cells.fn += 1;
    else cells.tn += 1;
    return this;
  }

  attributeNames(): string[] {
    return [...this.attributes.keys()].sort();
  }

  groupNames(attribute: string): string[] {
    return [...(this.attributes.get(attribute)?.keys() ?? [])].sort();
  }

  /** A copy of one group's counts; zeros for a group never seen. */
  counts(attribute: string, group: string): ConfusionCells {
    const cells = this.attributes.get(attribute)?.get(group);
    return cells === undefined ? emptyCells() : { ...cells };
  }

  merge(other: GroupConfusionCounts): this {
    for (const [attribute, groups] of other.attributes) {
      for (const [group, cells] of groups) {
        const mine = this.cellsFor(attribute, group);
        if (mine === undefined) {
          this.overflowRows += cells.n;
          continue;
        }
        for (const key of CELLS) mine[key] += cells[key];
      }
    }
    this.invalidRows += other.invalidRows;
    this.overflowRows += other.overflowRows;
    return this;
  }

  clone(): GroupConfusionCounts {
    return new GroupConfusionCounts({ maxGroupsPerAttribute: this.maxGroupsPerAttribute }).merge(this);
  }

  /** Version byte 1, then JSON { max, invalid, overflow, attributes: { attr: { group: [n, pp, tp, fp, tn, fn] } } }. */
  serialize(): Uint8Array {
    const attributes: Record<string, Record<string, number[]>> = {};
    for (const attribute of this.attributeNames()) {
      const groups: Record<string, number[]> = {};
      for (const group of this.groupNames(attribute)) {
        const cells = this.counts(attribute, group);
        groups[group] = CELLS.map((key) => cells[key]);
      }
      attributes[attribute] = groups;
    }
    return encodeVersionedJson(VERSION, { max: this.maxGroupsPerAttribute, invalid: this.invalidRows, overflow: this.overflowRows, attributes });
  }

  static deserialize(bytes: Uint8Array): GroupConfusionCounts {
    const body = decodeVersionedJson(bytes, VERSION, WHAT);
    const { max, invalid, overflow, attributes } = body;
    if (!isCount(max) || max === 0 || !isCount(invalid) || !isCount(overflow)) throw stateCorrupt(WHAT, 'bad header counts');
    if (typeof attributes !== 'object' || attributes === null) throw stateCorrupt(WHAT, 'attributes missing');
    const result = new GroupConfusionCounts({ maxGroupsPerAttribute: max });
    result.invalidRows = invalid;
    result.overflowRows = overflow;
    for (const [attribute, groups] of Object.entries(attributes as Record<string, unknown>)) {
      if (typeof groups !== 'object' || groups === null) throw stateCorrupt(WHAT, `attribute ${attribute} is not an object`);
      const entries = Object.entries(groups as Record<string, unknown>);
      if (entries.length > max) throw stateCorrupt(WHAT, `attribute ${attribute} has more groups than allowed`);
      const map = new Map<string, ConfusionCells>();
      for (const [group, raw] of entries) map.set(group, parseCells(raw));
      result.attributes.set(attribute, map);
    }
    return result;
  }

  private cellsFor(attribute: string, group: string): ConfusionCells | undefined {
    let groups = this.attributes.get(attribute);
    if (groups === undefined) {
      groups = new Map();
      this.attributes.set(attribute, groups);
    }
    let cells = groups.get(group);
    if (cells === undefined) {
      if (groups.size >= this.maxGroupsPerAttribute) return undefined;
      cells = emptyCells();
      groups.set(group, cells);
    }
    return cells;
  }
}

function parseCells(raw: unknown): ConfusionCells {
  if (!Array.isArray(raw) || raw.length !== CELLS.length || !raw.every(isCount)) throw stateCorrupt(WHAT, 'group cells must be 6 counts');
  const [n, predictedPositive, tp, fp, tn, fn] = raw;
  const cells = { n: n ?? 0, predictedPositive: predictedPositive ?? 0, tp: tp ?? 0, fp: fp ?? 0, tn: tn ?? 0, fn: fn ?? 0 };
  if (cells.predictedPositive > cells.n || cells.tp + cells.fp + cells.tn + cells.fn > cells.n || cells.tp + cells.fp > cells.predictedPositive) {
    throw stateCorrupt(WHAT, 'group cells are inconsistent');
  }
  return cells;
}
