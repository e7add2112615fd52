/** kafkajs fetch sizes that keep fetched-but-unprocessed bytes under `maxBufferedBytes`. */
export interface FetchLimits {
  readonly maxBytes: number;
  readonly maxBytesPerPartition: number;
}

const MIB = 1024 * 1024;

/**
 * kafkajs runs one fetcher per broker and a fetcher fetches again only after its batches were
 * processed, so at most one fetch response per broker is in memory: each may be
 * maxBufferedBytes / brokers. A partition gets at most a quarter of that (≤ 1 MiB, the Kafka
 * default), so one busy partition cannot starve the others of a response. Kafka still returns a
 * first record batch larger than these limits (KIP-74), so the bound is exceeded by at most one
 * producer batch per partition.
 */
export function fetchLimits(maxBufferedBytes: number, brokers: number): FetchLimits {
  const maxBytes = Math.max(64 * 1024, Math.floor(maxBufferedBytes / Math.max(1, brokers)));
  return { maxBytes, maxBytesPerPartition: Math.max(16 * 1024, Math.min(MIB, Math.floor(maxBytes / 4))) };
}
