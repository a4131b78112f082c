// Team bundles: each team's store exchanges its records with the national coordinator's as an
// encrypted file. Plain functions for the shell (which owns the file dialogs) and the CLI.
import type { TeamSlug } from '@shared/domain';
import type { ConflictResolution, ImportReport } from '@shared/exchange';
import type { ScryptCost, Store } from '../../store';
import { readFileLimited, writeFileAtomic } from '../export/files';
import { MAX_BUNDLE_BYTES } from './container';
import { type ExportedBundle, exportBundleWithDetails } from './exportBundle';
import { importBundle } from './importBundle';

export { exportBundle, exportBundleWithDetails, bundleFileName } from './exportBundle';
export type { ExportBundleOptions, ExportedBundle } from './exportBundle';
export { importBundle, openBundle } from './importBundle';
export type { ImportBundleOptions } from './importBundle';
export { MAX_BUNDLE_BYTES } from './container';

/** For the CLI's `export-bundle --out FILE [--team SLUG]`: writes the file and records it in one step. */
export function exportBundleToFile(
  store: Store,
  options: { out: string; passphrase: string; team?: TeamSlug | undefined; scryptCost?: ScryptCost },
): Promise<ExportedBundle> {
  const { out, team, ...rest } = options;
  return exportBundleWithDetails(store, { ...rest, teamSlug: team }, (bytes) => writeFileAtomic(out, bytes));
}

/** For the CLI's `import-bundle FILE`: reads (size-limited) and imports a bundle file. */
export function importBundleFromFile(
  store: Store,
  options: { file: string; passphrase: string; resolutions?: Record<string, ConflictResolution> },
): Promise<ImportReport> {
  const bytes = readFileLimited(options.file, MAX_BUNDLE_BYTES, 'bundle');
  return importBundle(store, bytes, options.passphrase, options.resolutions ? { resolutions: options.resolutions } : {});
}
