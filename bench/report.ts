// The readable table on stdout.
import type { BenchResults } from './results';

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MiB`;

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

export function formatReport(results: BenchResults): string {
  const lines: string[] = [];
  const { machine, versions, dataset } = results;
  lines.push(`Crisis Casebook benchmark — N = ${results.n.toLocaleString('en')} records`);
  lines.push(
    `  ${dataset.crises.toLocaleString('en')} crises, ${dataset.logEntries.toLocaleString('en')} log entries, ${dataset.hotlineCalls.toLocaleString('en')} hotline calls${dataset.reused ? ' (reused)' : ''}`,
  );
  lines.push(`  ${machine.cpus} × ${machine.cpuModel}, ${mib(machine.memoryBytes)}, ${machine.os.platform} ${machine.os.release} ${machine.os.arch}, load average ${machine.loadAverageAtEnd.join(' / ')}`);
  lines.push(`  node ${versions.node}, SQLite ${versions.sqlite}, ${versions.cipher}`);
  const settings = results.settings;
  lines.push(`  pragmas: cache_size ${settings['cache_size']}, mmap_size ${settings['mmap_size']} (plain ${settings['plain.mmap_size']}), temp_store ${settings['temp_store']}, page_size ${settings['page_size']}`);
  if (results.build.encrypted && results.build.plain) {
    const { encrypted, plain } = results.build;
    lines.push(
      `  build through the services (both at once): encrypted ${encrypted.seconds.toFixed(0)} s (${Math.round(encrypted.recordsPerSecond)}/s, ${mib(encrypted.fileBytes)}), plain ${plain.seconds.toFixed(0)} s (${Math.round(plain.recordsPerSecond)}/s, ${mib(plain.fileBytes)})`,
    );
  }
  lines.push(`  key derivation (scrypt N=${results.keyDerivation.scrypt.N}): median ${results.keyDerivation.median.toFixed(0)} ms, reported apart from opening`);
  lines.push('');
  const header = `${pad('operation', 48)} ${pad('enc median', 11, true)} ${pad('enc p95', 9, true)} ${pad('plain med', 10, true)} ${pad('plain p95', 10, true)} ${pad('ratio', 6, true)} ${pad('n', 5, true)}`;
  lines.push(header);
  lines.push('-'.repeat(header.length));
  for (const operation of results.operations) {
    lines.push(
      `${pad(operation.label.slice(0, 48), 48)} ${pad(operation.encrypted.median.toFixed(2), 11, true)} ${pad(operation.encrypted.p95.toFixed(2), 9, true)} ${pad(operation.plain.median.toFixed(2), 10, true)} ${pad(operation.plain.p95.toFixed(2), 10, true)} ${pad(operation.ratio.toFixed(2), 6, true)} ${pad(String(operation.encrypted.samples), 5, true)}`,
    );
    if (operation.id === 'write.add-crisis') {
      lines.push(`${pad('  add one crisis, p99', 48)} ${pad(operation.encrypted.p99.toFixed(2), 11, true)} ${pad('', 9)} ${pad(operation.plain.p99.toFixed(2), 10, true)}`);
    }
  }
  if (results.import) {
    const { encrypted, plain, rows, ratio } = results.import;
    lines.push(
      `${pad(`import ${rows.toLocaleString('en')}-row crises CSV (rows/s)`, 48)} ${pad(String(Math.round(encrypted.rowsPerSecond)), 11, true)} ${pad('', 9)} ${pad(String(Math.round(plain.rowsPerSecond)), 10, true)} ${pad('', 10)} ${pad(ratio.toFixed(2), 6, true)}`,
    );
  }
  lines.push('');
  const probe = results.memory.appLikeProcess;
  const cli = results.memory.cliImportProcess;
  lines.push(
    `memory: app-like process maxRSS ${probe ? mib(probe.maxRssBytes) : 'not measured'}; CLI import process maxRSS ${cli ? mib(cli.maxRssBytes) : 'not measured'}; bench process maxRSS ${mib(results.memory.benchProcessMaxRssBytes)}`,
  );
  lines.push(`renderer: ${results.renderer.measured ? `first paint ${results.renderer.firstPaintMs?.toFixed(0)} ms, longest frame ${results.renderer.frames?.max.toFixed(1)} ms` : results.renderer.note}`);
  lines.push('');
  lines.push('targets:');
  for (const target of results.targets) {
    const state = target.met === null ? 'n/a ' : target.met ? 'MET ' : 'MISS';
    lines.push(`  [${state}] ${target.description}: ${target.measured} (target ${target.limit})${target.note ? ` — ${target.note}` : ''}`);
  }
  lines.push(`wall time ${results.wallSeconds.toFixed(0)} s`);
  return lines.join('\n');
}

export function printReport(results: BenchResults): void {
  process.stdout.write(`${formatReport(results)}\n`);
}
