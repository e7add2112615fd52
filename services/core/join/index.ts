export * from './event-time-buffer.js';
export * from './label-join.js';
