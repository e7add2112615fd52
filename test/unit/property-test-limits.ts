import fc from 'fast-check';

// A failing property is shrunk by re-running it hundreds of times; with big inputs that can
// take longer than the whole CI budget. Bound each property's run, shrinking included, and
// report an interrupted run as a failure (with the smallest counterexample found so far)
// rather than letting it pass or hang.
fc.installGlobalPlugin(fc.interruptAfterTimeLimit(60_000, { failOnInterrupt: true }));
