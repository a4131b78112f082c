export {
  Store,
  createStore,
  createUnlockedStore,
  openStore,
  openStoreWithKey,
  unlockStore,
  rekeyStore,
  changePassphrase,
  storeExists,
  queryBuilder,
  openingPragmas,
} from './store';
export type { CreateStoreOptions, OpenStoreOptions, UnlockedStore } from './store';
export { keyFilePathFor, DEFAULT_SCRYPT_COST, addKeySlot, removeKeySlot, keySlotIds } from './keySlots';
export type { ScryptCost } from './keySlots';
export { MIGRATIONS, LATEST_SCHEMA_VERSION, migrate, checkAppliedMigrations, checksumOf, parseMigrations } from './migrations';
export type { Database } from './tables';
export { syncFile, syncFolder } from './durableFiles';
export { fullTextTables } from './fullText';
