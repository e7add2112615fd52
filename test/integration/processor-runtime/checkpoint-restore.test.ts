import { describe, it } from 'vitest';
import { MODELS, expectSameRowsAsUninterrupted, useRunContext } from './interrupted-run.js';
import { MINUTE, checkpointsReachEnd, endOffsets, eventually, produce, startTestProcessor, testConfig, traffic } from './runtime-fixture.js';

const context = useRunContext('processor-runtime-restore');
const { kafka, admin } = context;

describe('a partition handed from one runtime to another', () => {
  it('continues from the checkpoint of a stopped runtime and ends with the rows of an uninterrupted run', async () => {
    await expectSameRowsAsUninterrupted(context, 'embedded', async (topics, store, groupId, t0) => {
      const ends = await endOffsets(admin, topics);
      const first = await startTestProcessor(testConfig(topics, groupId), store, kafka);
      try {
        await eventually('the first half checkpointed', async () => ((await checkpointsReachEnd(store, groupId, ends)) ? true : undefined));
      } finally {
        await first.stop();
      }
      await produce(kafka, topics, traffic(MODELS, 60, t0 + 2 * MINUTE, 60));
    });
  });
});
