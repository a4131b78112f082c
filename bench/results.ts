// The shape of bench/results.json; tests/bench.test.ts checks a small run against it.
import { z } from 'zod';

export const RESULTS_FORMAT = 'crisis-casebook/bench';
export const RESULTS_VERSION = 1;

const figure = z.number();
export const distributionSchema = z.object({
  samples: z.number().int().min(1),
  median: figure,
  p95: figure,
  p99: figure,
  min: figure,
  max: figure,
  mean: figure,
});

export const operationSchema = z.object({
  id: z.string(),
  group: z.enum(['open', 'statistics', 'list', 'search', 'write', 'import', 'export']),
  label: z.string(),
  unit: z.literal('ms'),
  encrypted: distributionSchema,
  plain: distributionSchema,
  /** encrypted median / plain median. */
  ratio: z.number(),
});
export type OperationResult = z.infer<typeof operationSchema>;

export const targetSchema = z.object({
  id: z.string(),
  description: z.string(),
  limit: z.string(),
  measured: z.string(),
  met: z.boolean().nullable(),
  note: z.string().optional(),
});
export type TargetResult = z.infer<typeof targetSchema>;

const sideBuild = z.object({
  seconds: z.number(),
  recordsPerSecond: z.number(),
  fileBytes: z.number().int(),
  maxRssBytes: z.number().int(),
});

const importSide = z.object({
  rows: z.number().int(),
  imported: z.number().int(),
  seconds: z.number(),
  rowsPerSecond: z.number(),
  committed: z.boolean(),
});

const probeSchema = z.object({ maxRssBytes: z.number().int(), peakSampledRssBytes: z.number().int(), steps: z.array(z.string()) });

export const resultsSchema = z.object({
  format: z.literal(RESULTS_FORMAT),
  version: z.literal(RESULTS_VERSION),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  wallSeconds: z.number(),
  machine: z.object({
    cpus: z.number().int(),
    cpuModel: z.string(),
    memoryBytes: z.number().int(),
    /** Other work on the machine inflates every figure: 1, 5 and 15-minute load averages when the run ended. */
    loadAverageAtEnd: z.array(z.number()),
    os: z.object({ platform: z.string(), release: z.string(), arch: z.string() }),
  }),
  versions: z.object({
    node: z.string(),
    sqlite: z.string(),
    cipher: z.string(),
    betterSqlite3MultipleCiphers: z.string(),
  }),
  n: z.number().int().min(1),
  seed: z.number().int(),
  dataset: z.object({
    crises: z.number().int(),
    logEntries: z.number().int(),
    hotlineCalls: z.number().int(),
    members: z.number().int(),
    reused: z.boolean(),
  }),
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  build: z.object({ encrypted: sideBuild.nullable(), plain: sideBuild.nullable(), parallel: z.boolean() }),
  keyDerivation: distributionSchema.extend({ scrypt: z.object({ N: z.number(), r: z.number(), p: z.number() }) }),
  operations: z.array(operationSchema).min(1),
  import: z.object({
    kind: z.literal('crises'),
    rows: z.number().int(),
    encrypted: importSide,
    plain: importSide,
    ratio: z.number(),
  }).nullable(),
  export: z.object({ measured: z.boolean(), note: z.string() }),
  memory: z.object({
    benchProcessMaxRssBytes: z.number().int(),
    appLikeProcess: probeSchema.nullable(),
    /** The admin CLI importing the benchmark's spreadsheet, started as package.json's "cli" script starts it. */
    cliImportProcess: probeSchema.nullable(),
    cliNodeFlags: z.array(z.string()),
    note: z.string(),
  }),
  renderer: z.object({
    measured: z.boolean(),
    note: z.string(),
    crises: z.number().int().optional(),
    firstPaintMs: z.number().optional(),
    frames: distributionSchema.optional(),
    framesOver50ms: z.number().int().optional(),
  }),
  targets: z.array(targetSchema),
});
export type BenchResults = z.infer<typeof resultsSchema>;
