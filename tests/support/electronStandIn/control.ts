// The stand-in's line to the test that started it (a Node IPC channel, when the main process was
// forked): it says when Chromium is up and where to attach, as Playwright attaches to Electron.
export type StandInReport = { type: 'ready'; cdpEndpoint: string };

export function reportToTest(report: StandInReport): void {
  if (process.send && process.connected) process.send(report);
}
