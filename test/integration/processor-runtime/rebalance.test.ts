import { describe, expect, it } from 'vitest';
import { MODELS, expectSameRowsAsUninterrupted, useRunContext } from './interrupted-run.js';
import { MINUTE, checkpointsReachEnd, endOffsets, eventually, produce, startTestProcessor, testConfig, traffic } from './runtime-fixture.js';

const context = useRunContext('processor-runtime-rebalance');
const { kafka, admin } = context;

describe('a rebalance while the stream flows', () => {
  it('moves partitions to a second runtime mid-run and ends with the rows of an uninterrupted run', async () => {
    await expectSameRowsAsUninterrupted(context, 'http', async (topics, store, groupId, t0) => {
      const ends = await endOffsets(admin, topics);
      const first = await startTestProcessor(testConfig(topics, groupId), store, kafka);
      try {
        await eventually('the first half checkpointed', async () => ((await checkpointsReachEnd(store, groupId, ends)) ? true : undefined));
        const second = await startTestProcessor(testConfig(topics, groupId), store, kafka);
        try {
          await produce(kafka, topics, traffic(MODELS, 60, t0 + 2 * MINUTE, 60));
          await eventually('both runtimes own partitions', () =>
            Promise.resolve(first.runtime.assignedPartitions.length > 0 && second.runtime.assignedPartitions.length > 0 ? true : undefined),
          );
          expect([...first.runtime.assignedPartitions, ...second.runtime.assignedPartitions].sort()).toEqual([0, 1, 2, 3]);
          const all = await endOffsets(admin, topics);
          await eventually('the second half checkpointed', async () => ((await checkpointsReachEnd(store, groupId, all)) ? true : undefined));
        } finally {
          await second.stop();
        }
      } finally {
        await first.stop();
      }
    });
  });
});
