// Closing lines of a CI run, from vitest's JSON report: the ten slowest test
// files (so the suite's cost is visible in every run) and the counts.
const path = require("node:path");
const report = require(path.resolve("test-output/vitest-results.json"));

const files = report.testResults.map((file) => ({
  name: path.relative(process.cwd(), file.name),
  seconds: (file.endTime - file.startTime) / 1000,
}));
console.log("slowest test files:");
for (const file of files.sort((a, b) => b.seconds - a.seconds).slice(0, 10)) {
  console.log(`  ${file.seconds.toFixed(1).padStart(7)} s  ${file.name}`);
}
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`vitest: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
process.exit(report.numFailedTests === 0 && report.numTotalTests > 0 ? 0 : 1);
