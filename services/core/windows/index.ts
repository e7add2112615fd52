export * from './window-spec.js';
export * from './source-watermarks.js';
export * from './event-id-set.js';
export * from './tumbling-windows.js';
export * from './window-output-codec.js';
