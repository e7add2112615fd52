import { describe, it } from 'vitest';
import { MODELS, expectSameRowsAsUninterrupted, useRunContext } from './interrupted-run.js';
import { MINUTE, checkpointsReachEnd, endOffsets, eventually, produce, startTestProcessor, testConfig, traffic } from './runtime-fixture.js';

const context = useRunContext('processor-runtime-crash');
const { kafka, admin } = context;

describe('a runtime that crashes', () => {
  it('recovers from a crash at any point, even with committed offsets older than the checkpoint, without counting anything twice', async () => {
    await expectSameRowsAsUninterrupted(context, 'http', async (topics, store, groupId, t0) => {
      const ends = await endOffsets(admin, topics);
      const first = await startTestProcessor(testConfig(topics, groupId), store, kafka);
      await eventually('the first half checkpointed', async () => ((await checkpointsReachEnd(store, groupId, ends)) ? true : undefined));
      await produce(kafka, topics, traffic(MODELS, 60, t0 + 2 * MINUTE, 60));
      // Crash somewhere in the second half: sink writes may be ahead of the last checkpoint.
      await new Promise((resolve) => setTimeout(resolve, 700));
      await first.halt();
      // A crash between checkpoint and commit leaves the commit behind the checkpoint: rewind it all the way.
      for (const topic of [topics.predictions, topics.outcomes]) await admin.setOffsets({ groupId, topic, partitions: [0, 1, 2, 3].map((partition) => ({ partition, offset: '0' })) });
    });
  });
});
