// Exercises a freshly started broker once before tests run: the first consumer group and the
// first idempotent producer make Kafka create its internal topics, and clients that arrive
// during that window can fail fast. Usage: tsx deploy/local/warm-up-kafka.ts (reads VIGIL_KAFKA_BROKERS).
import { Kafka, logLevel } from 'kafkajs';

const brokers = (process.env['VIGIL_KAFKA_BROKERS'] ?? '').split(',').filter((b) => b !== '');
if (brokers.length === 0) {
  console.error('warm-up: VIGIL_KAFKA_BROKERS is not set');
  process.exit(2);
}

const kafka = new Kafka({ clientId: 'vigil-warm-up', brokers, logLevel: logLevel.NOTHING, retry: { retries: 10 } });
const topic = `vigil-warm-up-${process.pid}`;

async function warmUp(): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: false });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({ topic, messages: [{ key: 'k', value: 'v' }] });
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: `${topic}-group` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error('no message within 60 s')); }, 60_000);
    consumer.run({ eachMessage: () => { clearTimeout(timer); resolve(); return Promise.resolve(); } }).catch(reject);
  });
  await consumer.disconnect();
  await admin.deleteTopics({ topics: [topic] });
  await admin.disconnect();
}

const started = Date.now();
for (let attempt = 1; ; attempt += 1) {
  try {
    await warmUp();
    console.log(`warm-up: broker ready for clients after ${Date.now() - started} ms (attempt ${attempt})`);
    break;
  } catch (error) {
    if (Date.now() - started > 120_000) {
      console.error(`warm-up: broker still failing after 120 s: ${String(error)}`);
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
