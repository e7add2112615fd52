import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../pagination.js';
import { STATE_SEVERITY, type ModelSummary } from '../queries/fleet-snapshot.js';

export const FLEET_SORTS = ['state', 'model_id', 'last_event_time', 'predictions_24h', 'predictions_latest_window'] as const;
export type FleetSort = (typeof FLEET_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

/** Natural direction of each sort: worst, newest and busiest first; ids alphabetically. */
export const DEFAULT_ORDER: Readonly<Record<FleetSort, SortOrder>> = {
  state: 'desc',
  model_id: 'asc',
  last_event_time: 'desc',
  predictions_24h: 'desc',
  predictions_latest_window: 'desc',
};

type SortValue = number | string;

function sortValue(model: ModelSummary, sort: FleetSort): SortValue {
  switch (sort) {
    case 'state':
      return STATE_SEVERITY[model.state];
    case 'model_id':
      return model.modelId;
    case 'last_event_time':
      return model.lastEventTime ?? '';
    case 'predictions_24h':
      return model.volume.last24h;
    case 'predictions_latest_window':
      return model.volume.latestWindow;
  }
}

const cmp = (a: SortValue, b: SortValue): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sorts by the chosen value in the chosen direction, then by model id ascending (a total order). */
function compareKeys(a: [SortValue, string], b: [SortValue, string], order: SortOrder): number {
  const byValue = order === 'asc' ? cmp(a[0], b[0]) : cmp(b[0], a[0]);
  return byValue !== 0 ? byValue : cmp(a[1], b[1]);
}

const cursorShape = z.object({ s: z.enum(FLEET_SORTS), o: z.enum(['asc', 'desc']), v: z.union([z.number(), z.string()]), id: z.string() });

/** One page after the keyset cursor: stable while models change state between pages. */
export function fleetPage(
  models: readonly ModelSummary[],
  sort: FleetSort,
  order: SortOrder,
  limit: number,
  cursor: string | undefined,
): { items: ModelSummary[]; nextCursor: string | null } {
  const keyed = models.map((model) => ({ model, key: [sortValue(model, sort), model.modelId] as [SortValue, string] }));
  keyed.sort((a, b) => compareKeys(a.key, b.key, order));
  let start = 0;
  if (cursor !== undefined) {
    const after = decodeCursor(cursor, cursorShape.refine((c) => c.s === sort && c.o === order));
    const afterKey: [SortValue, string] = [after.v, after.id];
    start = keyed.findIndex((entry) => compareKeys(entry.key, afterKey, order) > 0);
    if (start < 0) start = keyed.length;
  }
  const page = keyed.slice(start, start + limit);
  const last = page.at(-1);
  const hasMore = start + limit < keyed.length;
  return {
    items: page.map((entry) => entry.model),
    nextCursor: hasMore && last !== undefined ? encodeCursor({ s: sort, o: order, v: last.key[0], id: last.key[1] }) : null,
  };
}
