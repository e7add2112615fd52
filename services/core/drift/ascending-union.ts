/**
 * The finite values of ascending lists as one ascending array, by merging: the drift metrics
 * compare cdfs at the union of two sketches' breakpoints (or quantile grids) in every window
 * close, and sorting the concatenation with a comparator cost more than the cdf sweeps. A list
 * that is not ascending falls back to a sort, so the result always equals the sorted
 * concatenation (`(a, b) => a - b`) of the finite values.
 */
export function ascendingUnion(lists: readonly (readonly number[])[]): number[] {
  const finite = lists.map((list) => list.filter(Number.isFinite));
  if (!finite.every(isAscending)) return finite.flat().sort((a, b) => a - b);
  return finite.reduce<number[]>((merged, list) => mergeAscending(merged, list), []);
}

function isAscending(list: readonly number[]): boolean {
  for (let i = 1; i < list.length; i++) if ((list[i] as number) < (list[i - 1] as number)) return false;
  return true;
}

function mergeAscending(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (y < x) {
      out[k++] = y;
      j++;
    } else {
      out[k++] = x;
      i++;
    }
  }
  while (i < a.length) out[k++] = a[i++] as number;
  while (j < b.length) out[k++] = b[j++] as number;
  return out;
}
