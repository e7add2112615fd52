// The ClickHouse store adapter: what services import.
export type { Store, StoreRow } from './store.js';
export { openStore, ClickHouseStore } from './clickhouse-store.js';
export type { StoreEngine } from './clickhouse-client.js';
export { sqlLiteral, dateTimeLiteral, formatDateTimeUtc, type SqlValue } from './sql-literal.js';
export { quoteIdentifier, validateIdentifier, qualifiedName } from './sql-identifier.js';
export { sql, ident, inList, inTuples } from './sql-template.js';
export { loadMigrations, type Migration } from './migration-files.js';
export { runMigrations, MIGRATIONS_TABLE, type MigrationReport } from './migrator.js';
export { dropPartitionsBefore, listMonthlyPartitions, monthOf } from './partition-retention.js';
