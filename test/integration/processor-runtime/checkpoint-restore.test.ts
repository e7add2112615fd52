import { afterAll, beforeAll, describe, it } from 'vitest';
import { deleteCreatedTopics } from '../stack/kafka-test-topics.js';
import { StoreFixture } from '../store/store-engines.js';
import { MODELS, expectSameRowsAsUninterrupted } from './interrupted-run.js';
import { MINUTE, checkpointsReachEnd, endOffsets, eventually, produce, stackKafka, startTestProcessor, testConfig, traffic } from './runtime-fixture.js';

const { kafka } = stackKafka('processor-runtime-restore');
const admin = kafka.admin();
const fixture = new StoreFixture();
const context = { kafka, admin, fixture };

beforeAll(() => admin.connect());
afterAll(async () => {
  await deleteCreatedTopics(admin);
  await admin.disconnect();
  await fixture.cleanUp();
});

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
