// What may leave the machine: the anonymised summary export (figures, never cases) and the
// encrypted team bundles exchanged between the teams' stores. Schemas shared by main and UI.
import { z } from 'zod';
import { localDate, passphrase, teamSlug } from './domain';

// ---- Anonymised summary -------------------------------------------------------------------

export const summaryPeriod = z.enum(['year', 'quarter', 'month']);
export type SummaryPeriod = z.infer<typeof summaryPeriod>;
export const exportLanguage = z.enum(['sr-Latn', 'sr-Cyrl', 'en']);
export type ExportLanguage = z.infer<typeof exportLanguage>;
export const summaryFormat = z.enum(['csv', 'json', 'pdf', 'xlsx']);
export type SummaryFormat = z.infer<typeof summaryFormat>;

/** The smallest threshold allowed: counts from 1 to k−1 are suppressed. */
export const MIN_K = 3;
export const DEFAULT_K = 5;

// Years outside 1900–2999 are typing errors, not periods anyone reports on.
const reportDay = localDate.refine((day) => day >= '1900-01-01' && day <= '2999-12-31', 'out_of_range');

export const summaryFilter = z
  .object({ teamSlug: teamSlug.optional(), from: reportDay.optional(), to: reportDay.optional() })
  .strict()
  .refine((filter) => !filter.from || !filter.to || filter.from <= filter.to, { path: ['to'], message: 'to_before_from' });

export const summaryParams = z
  .object({
    filter: summaryFilter.default({}),
    period: summaryPeriod.default('year'),
    k: z.number().int().min(MIN_K, 'k_below_minimum').max(100).default(DEFAULT_K),
    language: exportLanguage.default('sr-Latn'),
  })
  .strict();
export type SummaryParams = z.infer<typeof summaryParams>;
export type SummaryParamsInput = z.input<typeof summaryParams>;

export const summaryWriteInput = summaryParams.extend({ format: summaryFormat });
export type SummaryWriteInput = z.input<typeof summaryWriteInput>;
export type SummaryWriteParams = z.infer<typeof summaryWriteInput>;

/** A published figure: a count or sum, or null where it is suppressed. */
const figure = z.number().int().min(0).nullable();

const crisisMeasures = {
  crises: figure,
  hostagesReleased: figure,
  suicidesPrevented: figure,
  livesSaved: figure,
};
const withResolved = { ...crisisMeasures, resolved: figure };

export const crisisTotalsFigures = z.object(withResolved);
export type CrisisTotalsFigures = z.infer<typeof crisisTotalsFigures>;
export type CrisisMeasureFigures = z.infer<z.ZodObject<typeof crisisMeasures>>;

export const summaryExport = z.object({
  format: z.literal('crisis-casebook/anonymised-summary'),
  formatVersion: z.literal(1),
  /** The month the export was made, YYYY-MM: nothing finer leaves the machine. */
  generatedMonth: z.string().regex(/^\d{4}-\d{2}$/),
  language: exportLanguage,
  scope: z.object({
    teams: z.array(teamSlug),
    period: summaryPeriod,
    periods: z.array(z.string()),
    k: z.number().int(),
    includesHotline: z.boolean(),
  }),
  notes: z.array(z.string()),
  crises: z.object({
    totals: crisisTotalsFigures,
    byTeam: z.array(z.object({ team: teamSlug, ...withResolved })),
    byPeriod: z.array(z.object({ period: z.string(), ...withResolved })),
    byTeamAndPeriod: z.array(z.object({ team: teamSlug, period: z.string(), ...withResolved })),
    byType: z.array(z.object({ type: z.string(), ...withResolved })),
    byOutcome: z.array(z.object({ outcome: z.string(), ...crisisMeasures })),
    byTypeAndOutcome: z.array(z.object({ type: z.string(), outcome: z.string(), ...crisisMeasures })),
    cells: z.array(
      z.object({ team: teamSlug, period: z.string(), type: z.string(), outcome: z.string(), ...crisisMeasures }),
    ),
  }),
  hotline: z
    .object({
      totals: z.object({ calls: figure }),
      byPeriod: z.array(z.object({ period: z.string(), calls: figure })),
      byThreat: z.array(z.object({ threat: z.string(), calls: figure })),
      byUrgency: z.array(z.object({ urgency: z.string(), calls: figure })),
      byAction: z.array(z.object({ action: z.string(), calls: figure })),
      cells: z.array(
        z.object({ period: z.string(), threat: z.string(), urgency: z.string(), action: z.string(), calls: figure }),
      ),
    })
    .nullable(),
});
export type SummaryExport = z.infer<typeof summaryExport>;

export const savedFile = z.object({
  /** False when the person closed the save dialog: nothing was written or recorded. */
  saved: z.boolean(),
  fileName: z.string().nullable(),
  sha256: z.string().nullable(),
  byteLength: z.number().int().nullable(),
});
export type SavedFile = z.infer<typeof savedFile>;

export const exportRecord = z.object({
  id: z.string(),
  kind: z.enum(['summary', 'bundle']),
  format: z.enum(['csv', 'json', 'pdf', 'xlsx', 'bundle']),
  parameters: z.record(z.string(), z.unknown()),
  fileName: z.string(),
  byteLength: z.number().int(),
  sha256: z.string(),
  actor: z.string(),
  createdAt: z.string(),
});
export type ExportRecord = z.infer<typeof exportRecord>;

// Electron may deliver a missing argument as null; both mean "the latest 100".
export const exportHistoryQuery = z
  .object({ limit: z.number().int().min(1).max(1000).default(100) })
  .strict()
  .nullish()
  .transform((query) => query ?? { limit: 100 });

// ---- Team bundles -------------------------------------------------------------------------

export const bundleExportInput = z
  .object({
    /** One team's records, or every team's (and the hotline's) when absent. */
    teamSlug: teamSlug.optional(),
    passphrase,
    passphraseRepeat: z.string(),
  })
  .strict()
  .refine((value) => value.passphrase === value.passphraseRepeat, {
    path: ['passphraseRepeat'],
    message: 'passphrases_differ',
  });

export const conflictResolution = z.enum(['incoming', 'local']);
export type ConflictResolution = z.infer<typeof conflictResolution>;

export const bundleImportInput = z
  .object({
    passphrase: z.string().min(1).max(1024),
    /** Per record id, which side a person chose for a conflict reported by an earlier import. */
    resolutions: z.record(z.uuid(), conflictResolution).default({}),
    /** With resolutions: the bundle they were made for; another file is refused. */
    expectSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  })
  .strict();

export const recordKind = z.enum(['member', 'crisis', 'logEntry', 'hotlineCall']);
export type RecordKind = z.infer<typeof recordKind>;

export const conflictReason = z.enum([
  /** Changed here and in the bundle since the last exchange. */
  'changed_on_both_sides',
  /** Another record here already has this reference (or spreadsheet import key). */
  'reference_taken',
  /** A log entry with this id differs here and in the bundle. */
  'log_entry_differs',
  /** The negotiation log's releases would no longer add up to the crisis's hostages released. */
  'log_mismatch',
]);

export const bundleConflict = z.object({ kind: recordKind, id: z.string(), reference: z.string(), reason: conflictReason });
export type BundleConflict = z.infer<typeof bundleConflict>;

export const kindReport = z.object({
  added: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  conflicts: z.array(bundleConflict),
});
export type KindReport = z.infer<typeof kindReport>;

export const importReport = z.object({
  sha256: z.string(),
  scope: z.object({ teamSlug: teamSlug.nullable(), includesHotline: z.boolean() }),
  members: kindReport,
  crises: kindReport,
  logEntries: kindReport,
  hotlineCalls: kindReport,
});
export type ImportReport = z.infer<typeof importReport>;

export const bundleCounts = z.object({
  members: z.number().int(),
  crises: z.number().int(),
  logEntries: z.number().int(),
  hotlineCalls: z.number().int(),
});
export type BundleCounts = z.infer<typeof bundleCounts>;

export const bundleSaved = savedFile.extend({ counts: bundleCounts.nullable() });
export const bundleOpened = z.object({
  /** False when the person closed the open dialog. */
  opened: z.boolean(),
  report: importReport.nullable(),
});
