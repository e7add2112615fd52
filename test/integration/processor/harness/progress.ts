// "Done" is decided by polling, never by sleeping: the processor commits offsets to Kafka only
// after the checkpoint that covers them is stored, so committed = end offsets on every
// partition of both topics means every event was processed and its windows written.
import type { Admin } from 'kafkajs';

export interface Lag {
  readonly total: number;
  readonly byPartition: Record<string, number>;
}

export async function groupLag(admin: Admin, groupId: string, topics: readonly string[]): Promise<Lag> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  const byPartition: Record<string, number> = {};
  let total = 0;
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const done = committed.find((c) => c.topic === topic)?.partitions ?? [];
    for (const end of ends) {
      const offset = Number(done.find((p) => p.partition === end.partition)?.offset ?? '-1');
      const lag = Number(end.high) - Math.max(0, offset);
      byPartition[`${topic}/${end.partition}`] = lag;
      total += lag;
    }
  }
  return { total, byPartition };
}

export async function waitUntil<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, intervalMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (done(last)) return last;
    } catch (error) {
      lastError = error; // the broker or store may be down on purpose
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, intervalMs));
  }
  throw new Error(`${what}: not reached after ${timeoutMs} ms (last: ${JSON.stringify(last)}, last error: ${String(lastError)})`);
}

/** Waits until the group has committed the end offset of every partition of `topics`. */
export function waitForCaughtUp(admin: Admin, groupId: string, topics: readonly string[], timeoutMs = 120_000): Promise<Lag> {
  return waitUntil(`group ${groupId} caught up`, () => groupLag(admin, groupId, topics), (lag) => lag.total === 0, timeoutMs);
}

/** Waits until the consumer group is stable with exactly `members` members (each holding an assignment). */
export function waitForMembers(admin: Admin, groupId: string, members: number, timeoutMs = 120_000): Promise<unknown> {
  return waitUntil(
    `group ${groupId} stable with ${members} members`,
    async () => (await admin.describeGroups([groupId])).groups[0],
    (group) => group?.state === 'Stable' && group.members.length === members && group.members.every((m) => m.memberAssignment.length > 0),
    timeoutMs,
  );
}
