export { Store, createStore, openStore, changePassphrase, storeExists, queryBuilder } from './store';
export type { CreateStoreOptions, OpenStoreOptions } from './store';
export { keyFilePathFor, DEFAULT_SCRYPT_COST } from './keySlots';
export type { ScryptCost } from './keySlots';
export { MIGRATIONS, LATEST_SCHEMA_VERSION, migrate, checkAppliedMigrations, checksumOf, parseMigrations } from './migrations';
export type { Database } from './tables';
