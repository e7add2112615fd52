// What the simulator's integration tests need beyond test/integration/stack/kafka-test-topics.ts.

/** What a consumer can tell about a record: a valid event of its topic's kind, or not. */
export function classify(value: Buffer, parse: (json: unknown) => boolean): 'valid' | 'malformed' {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(value);
    return parse(JSON.parse(text)) ? 'valid' : 'malformed';
  } catch {
    return 'malformed';
  }
}
