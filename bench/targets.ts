// The targets (2-core machine, 1,000,000 records), checked against the encrypted store,
// which is what the app runs on. Below 1,000,000 records they are only indicative.
import type { BenchResults, OperationResult, TargetResult } from './results';

const ms = (value: number) => `${value.toFixed(2)} ms`;

function worst(operations: OperationResult[], pick: (operation: OperationResult) => number) {
  return operations.reduce<OperationResult | null>((found, operation) => (!found || pick(operation) > pick(found) ? operation : found), null);
}

export function evaluateTargets(results: BenchResults): TargetResult[] {
  const note = results.n < 1_000_000 ? `indicative only: N = ${results.n}, the targets are for 1,000,000` : undefined;
  const byGroup = (group: OperationResult['group'], exclude: (id: string) => boolean = () => false) =>
    results.operations.filter((operation) => operation.group === group && !exclude(operation.id));
  const targets: TargetResult[] = [];
  const add = (id: string, description: string, limit: string, measured: string, met: boolean | null, extra?: string) => {
    const notes = [note, extra].filter(Boolean).join('; ');
    targets.push({ id, description, limit, measured, met, ...(notes ? { note: notes } : {}) });
  };

  const statistics = worst(byGroup('statistics', (id) => id === 'statistics.cold'), (o) => o.encrypted.median);
  if (statistics) {
    add('statistics', 'statistics median, every filter', '< 20 ms', `${ms(statistics.encrypted.median)} (${statistics.id})`, statistics.encrypted.median < 20);
  }
  const list = worst(byGroup('list', (id) => id.startsWith('list.hotline')), (o) => o.encrypted.median);
  if (list) add('list', 'list page of 50, median, every variant', '< 5 ms', `${ms(list.encrypted.median)} (${list.id})`, list.encrypted.median < 5);
  const search = worst(byGroup('search', (id) => id === 'search.hotline'), (o) => o.encrypted.median);
  if (search) add('search', 'crisis full-text search first page, median', '< 30 ms', `${ms(search.encrypted.median)} (${search.id})`, search.encrypted.median < 30);
  const hotlineSearch = results.operations.find((operation) => operation.id === 'search.hotline');
  if (hotlineSearch) {
    add('search-hotline', 'hotline full-text search first page, median', '< 30 ms', ms(hotlineSearch.encrypted.median), hotlineSearch.encrypted.median < 30);
  }
  const addCrisis = results.operations.find((operation) => operation.id === 'write.add-crisis');
  if (addCrisis) add('add-crisis', 'add a crisis, p99', '< 5 ms', ms(addCrisis.encrypted.p99), addCrisis.encrypted.p99 < 5);
  if (results.import) {
    const rate = results.import.encrypted.rowsPerSecond;
    add('import', `import of a ${results.import.rows}-row CSV`, '≥ 50,000 rows/s', `${Math.round(rate)} rows/s`, rate >= 50_000);
  } else {
    add('import', 'import of a 100,000-row CSV', '≥ 50,000 rows/s', 'not measured', null, 'import service absent');
  }
  const ratioOps = results.operations.filter((operation) => operation.group !== 'open');
  const ratio = worst(ratioOps, (o) => o.ratio);
  const importRatio = results.import?.ratio ?? 0;
  if (ratio) {
    const worstRatio = Math.max(ratio.ratio, importRatio);
    const over = [...ratioOps.filter((o) => o.ratio > 1.3).map((o) => `${o.id} ${o.ratio.toFixed(2)}`), ...(importRatio > 1.3 ? [`import ${importRatio.toFixed(2)}`] : [])];
    const measured = over.length > 0 ? `${worstRatio.toFixed(2)}; over 1.3: ${over.join(', ')}` : `${worstRatio.toFixed(2)} (${importRatio > ratio.ratio ? 'import' : ratio.id})`;
    add('ratio', 'encrypted/plain median, every operation but opening', '≤ 1.3', measured, worstRatio <= 1.3);
  }
  const probe = results.memory.appLikeProcess;
  if (probe) {
    const mib = probe.maxRssBytes / 1048576;
    add('memory', 'main-process peak memory (app-like probe, maxRSS)', '< 300 MB', `${mib.toFixed(0)} MiB`, probe.maxRssBytes < 300 * 1_000_000);
  } else {
    add('memory', 'main-process peak memory', '< 300 MB', 'not measured', null);
  }
  const cli = results.memory.cliImportProcess;
  if (cli) {
    const mib = cli.maxRssBytes / 1048576;
    add('memory-cli-import', `CLI process importing ${results.import?.rows ?? 'the'} rows, peak memory (maxRSS)`, '< 300 MB', `${mib.toFixed(0)} MiB`, cli.maxRssBytes < 300 * 1_000_000);
  }
  if (results.renderer.measured && results.renderer.frames) {
    const longest = results.renderer.frames.max;
    add('renderer', 'renderer scrolling, longest frame', '≤ 50 ms', ms(longest), longest <= 50);
  } else {
    add('renderer', 'renderer scrolling, longest frame', '≤ 50 ms', 'not measured', null, results.renderer.note);
  }
  return targets;
}
