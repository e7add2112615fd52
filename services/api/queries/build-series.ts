import type { Span } from '../schemas/common.js';
import type { Series, SeriesPoint } from '../schemas/series.js';
import { isoTime, nullableNumber } from './row-values.js';
import { toStatistic, type StatisticRow } from './statistic-rows.js';

/**
 * Turns statistic rows of every span into one series per (family, subject, metric): the points
 * are the rows of `span`, each carrying the rolling 3-day and 7-day value of the same
 * window_end. Rows arrive sorted by family, subject, metric, window_end (statisticsBetween).
 */
export function buildSeries(rows: readonly StatisticRow[], span: Span, modelVersion: string): Series[] {
  const groups = new Map<string, StatisticRow[]>();
  for (const row of rows) {
    const key = JSON.stringify([row.family, row.subject, row.metric]);
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = []));
    group.push(row);
  }
  const series: Series[] = [];
  for (const group of groups.values()) {
    const rolling = { rolling_3d: new Map<string, number | null>(), rolling_7d: new Map<string, number | null>() };
    for (const row of group) if (row.span !== 'window') rolling[row.span].set(row.window_end, nullableNumber(row.value));
    const byEnd = new Map<string, SeriesPoint>();
    for (const row of group) {
      if (row.span !== span) continue;
      const statistic = toStatistic(row);
      byEnd.set(row.window_end, {
        windowStart: isoTime(row.window_start),
        windowEnd: isoTime(row.window_end),
        value: statistic.value,
        status: statistic.status,
        warnThreshold: statistic.warnThreshold,
        criticalThreshold: statistic.criticalThreshold,
        sampleSize: statistic.sampleSize,
        rolling3d: rolling.rolling_3d.get(row.window_end) ?? null,
        rolling7d: rolling.rolling_7d.get(row.window_end) ?? null,
      });
    }
    const first = group[0];
    if (first === undefined || byEnd.size === 0) continue;
    series.push({ family: first.family, subject: first.subject, metric: first.metric, modelVersion, span, points: [...byEnd.values()] });
  }
  return series;
}
