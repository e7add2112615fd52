// The processor settings every test run uses (processor-process.ts), as a parsed config section,
// for the code that recomputes or prepares what the processor will see.
import { configSchema, type ProcessorConfig } from '../../../../services/shared/config-schema.js';
import { TEST_WINDOWING } from './processor-process.js';

export function testProcessorConfig(): ProcessorConfig {
  return configSchema.parse({
    kafka: { brokers: ['unused:9092'] },
    processor: {
      windowSizeMs: Number(TEST_WINDOWING.VIGIL_PROCESSOR_WINDOW_SIZE_MS),
      graceMs: Number(TEST_WINDOWING.VIGIL_PROCESSOR_GRACE_MS),
      labelHorizonMs: Number(TEST_WINDOWING.VIGIL_PROCESSOR_LABEL_HORIZON_MS),
      idleSourceTimeoutMs: Number(TEST_WINDOWING.VIGIL_PROCESSOR_IDLE_SOURCE_TIMEOUT_MS),
    },
  }).processor;
}
