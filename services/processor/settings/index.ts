export * from './settings-snapshot.js';
export * from './settings-repository.js';
export * from './refreshing-settings.js';
