// The merge pass of a merging t-digest (Dunning & Ertl 2019, "Computing extremely accurate
// quantiles using t-digests"), on parallel typed arrays.
//
// Scale function k1: k(q) = δ · (asin(2q − 1)/π + 1/2), which maps [0, 1] onto [0, δ]. A centroid
// may grow while its k-span stays ≤ 1, so the fully merged digest has between δ/2 and δ centroids
// (at most 2δ + 2 after merging heavy digests). We chose k1 over k2 because k2's normaliser makes
// centroids near the median ~8× wider at δ = 100, which breaks the 0.5 % median rank-error goal,
// while k1 still gives sub-0.1 % error at p1/p99.
//
// Pure centroids (every value folded in was identical) may grow past the limit when they absorb
// another identical value: that costs no accuracy and keeps heavy ties in one centroid.

export interface CentroidArrays {
  means: Float64Array;
  weights: Float64Array;
  /** 1 when every value folded into the centroid was identical (a point mass), else 0. */
  pure: Uint8Array;
}

export function kOfQ(q: number, compression: number): number {
  const clamped = q <= 0 ? 0 : q >= 1 ? 1 : q;
  return compression * (Math.asin(2 * clamped - 1) / Math.PI + 0.5);
}

export function qOfK(k: number, compression: number): number {
  if (k <= 0) return 0;
  if (k >= compression) return 1;
  return (Math.sin((k / compression - 0.5) * Math.PI) + 1) / 2;
}

// Shared scratch output: flushes are synchronous, so one per process is safe and keeps
// per-digest memory to its centroids and its buffer.
let scratch: CentroidArrays = allocate(1024);

function allocate(size: number): CentroidArrays {
  return { means: new Float64Array(size), weights: new Float64Array(size), pure: new Uint8Array(size) };
}

/**
 * One merge pass over two sorted runs (a: this digest's centroids, b: the sorted buffer or
 * another digest's centroids) with total weight `total`, reading them in merged order without
 * materialising the merged run. Returns shared scratch output, valid until the next call.
 */
export function compress(
  a: CentroidArrays,
  aCount: number,
  b: CentroidArrays,
  bCount: number,
  total: number,
  compression: number,
): { out: CentroidArrays; count: number } {
  if (scratch.means.length < aCount + bCount) scratch = allocate(Math.max(aCount + bCount, scratch.means.length * 2));
  const out = scratch;
  const aMeans = a.means;
  const bMeans = b.means;
  let i = 0;
  let j = 0;
  let emitted = 0;
  let mean = 0;
  let weight = 0;
  let pure = false;
  let weightSoFar = 0;
  let limit = total * qOfK(1, compression);
  let started = false;
  for (let taken = 0; taken < aCount + bCount; taken++) {
    // Ties go to `a` first so the result does not depend on which side holds equal means.
    const fromA = j >= bCount || (i < aCount && (aMeans[i] as number) <= (bMeans[j] as number));
    let nextMean: number;
    let nextWeight: number;
    let nextPure: boolean;
    if (fromA) {
      nextMean = aMeans[i] as number;
      nextWeight = a.weights[i] as number;
      nextPure = a.pure[i++] === 1;
    } else {
      nextMean = bMeans[j] as number;
      nextWeight = b.weights[j] as number;
      nextPure = b.pure[j++] === 1;
    }
    // A run of identical values is one item for the size test, so a heavy tie never straddles
    // two centroids and never blends into an impure one (the source of rank error at ties).
    if (nextPure) {
      for (;;) {
        if (i < aCount && aMeans[i] === nextMean && a.pure[i] === 1) nextWeight += a.weights[i++] as number;
        else if (j < bCount && bMeans[j] === nextMean && b.pure[j] === 1) nextWeight += b.weights[j++] as number;
        else break;
        taken++;
      }
    }
    if (!started) {
      mean = nextMean;
      weight = nextWeight;
      pure = nextPure;
      started = true;
      continue;
    }
    const identical = pure && nextPure && nextMean === mean;
    if (identical || weightSoFar + weight + nextWeight <= limit) {
      weight += nextWeight;
      if (!identical) {
        // Weighted average written so that it cannot overflow even for values near ±1.8e308.
        // Rounding can still land it a few ulps outside [mean, nextMean] (mixed magnitudes,
        // subnormals); clamping keeps centroid means sorted, which the decoder and sweeps need.
        const blended = mean * ((weight - nextWeight) / weight) + nextMean * (nextWeight / weight);
        mean = blended < mean ? mean : blended > nextMean ? nextMean : blended;
        pure = false;
      }
    } else {
      out.means[emitted] = mean;
      out.weights[emitted] = weight;
      out.pure[emitted] = pure ? 1 : 0;
      emitted++;
      weightSoFar += weight;
      limit = total * qOfK(kOfQ(weightSoFar / total, compression) + 1, compression);
      mean = nextMean;
      weight = nextWeight;
      pure = nextPure;
    }
  }
  out.means[emitted] = mean;
  out.weights[emitted] = weight;
  out.pure[emitted] = pure ? 1 : 0;
  return { out, count: emitted + 1 };
}
