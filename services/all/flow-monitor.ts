import type { Consumer, Kafka } from 'kafkajs';
import { decodePrediction, decodeOutcome } from '../contracts/json-codec.js';
import type { DecodeResult } from '../contracts/decode-result.js';
import type { Logger } from '../shared/logger.js';
import { FlowCounter } from './flow-counter.js';

export interface FlowMonitor {
  stop(): Promise<void>;
}

type Decoder = (bytes: Uint8Array) => DecodeResult<{ readonly modelId: string }>;

/**
 * Until the processor lands, this consumer shows that events flow: it decodes every event on
 * the prediction and outcome topics, counts valid and rejected ones (by error code) and logs
 * a line per interval. Nothing it sees can crash it: decoding returns values, never throws.
 */
export async function startFlowMonitor(options: {
  kafka: Kafka;
  topics: { predictions: string; outcomes: string };
  groupId: string;
  logger: Logger;
  reportEveryMs: number;
}): Promise<FlowMonitor> {
  const { kafka, topics, logger } = options;
  const decoders = new Map<string, Decoder>([
    [topics.predictions, (bytes) => decodePrediction(bytes)],
    [topics.outcomes, (bytes) => decodeOutcome(bytes)],
  ]);
  const counter = new FlowCounter();
  const consumer: Consumer = kafka.consumer({ groupId: options.groupId });
  await consumer.connect();
  // From the beginning for a new group, so a monitor started after the producers misses nothing.
  await consumer.subscribe({ topics: [...decoders.keys()], fromBeginning: true });
  await consumer.run({
    eachBatch: async (payload) => {
      const { batch } = payload;
      const decode = decoders.get(batch.topic);
      for (const message of batch.messages) {
        if (decode !== undefined) {
          const result = decode(message.value ?? new Uint8Array());
          if (result.ok) counter.recordValid(batch.topic, result.event.modelId);
          else counter.recordInvalid(batch.topic, result.error.code);
        }
        payload.resolveOffset(message.offset);
      }
      await payload.heartbeat();
    },
  });

  const timer = setInterval(() => {
    const flow = counter.drain();
    if (Object.keys(flow).length === 0) logger.info('no events in the last interval');
    else logger.info({ flow, intervalMs: options.reportEveryMs }, 'events flowing');
  }, options.reportEveryMs);
  timer.unref();

  return {
    async stop() {
      clearInterval(timer);
      await consumer.disconnect();
    },
  };
}
