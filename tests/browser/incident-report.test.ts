// After the crisis, end to end: the team leader closes it, writes the debrief, and saves the
// incident report as PDF through the shell's save dialog; the PDF's text (pdftotext) holds the
// log entries and the debrief, and the saving is in the audit trail.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { type ChromiumPrinter, openChromiumPrinter } from '../../src/main/services/export/chromiumPrinter';
import { type FileDialogRequest, provideExchangeShell } from '../../src/main/services/export/shell';
import { SCREENSHOTS, launchBrowser, openApp, screenshot, seriousViolations } from '../support/browser';
import { text } from '../support/browserText';
import { clearDate, dateField, goTo, seedMembers, typeDate } from '../support/browserFlows';

let browser: Browser;
let printer: ChromiumPrinter;
beforeAll(async () => {
  browser = await launchBrowser();
  printer = await openChromiumPrinter();
});
afterAll(async () => {
  await printer?.close();
  await browser?.close();
});

const LOG = [
  { kind: 'contact_established', at: '2025-03-05T14:55:00+01:00', text: 'Javio se na telefon posle treće poruke' },
  { kind: 'demand', at: '2025-03-05T15:40:00+01:00', text: 'Traži advokata i cigarete' },
  { kind: 'concession', at: '2025-03-05T16:20:00+01:00', text: 'Dostavljene cigarete kroz prozor' },
] as const;

const DEBRIEF = {
  whatWorked: 'Strpljenje i ponavljanje njegovih reči',
  whatDidNotWork: 'Rok od pola sata ga je uznemirio',
  lessons: 'Bez rokova u prvom satu razgovora',
};

test('a team leader closes a crisis, writes its debrief and saves the incident report as PDF', async () => {
  const app = await openApp(browser, { userName: 'Marko Jovanović' });
  const { page } = app;
  const folder = mkdtempSync(join(tmpdir(), 'casebook-report-'));
  const chosen = join(folder, 'izvestaj.pdf');
  const dialogs: FileDialogRequest[] = [];
  provideExchangeShell(app.session, {
    printPdf: printer.print,
    chooseSavePath: (request) => {
      dialogs.push(request);
      return Promise.resolve(chosen);
    },
    chooseOpenPath: () => Promise.resolve(null),
  });
  try {
    const [leader, negotiator] = await seedMembers(app, 'kragujevac', [
      ['Marko Jovanović', 'Orao 1', 'team_leader'],
      ['Ivana Stanković', 'Orao 2', 'negotiator'],
    ]);
    const crisis = await app.api('crises.create', {
      teamSlug: 'kragujevac',
      type: 'barricade',
      startedAt: '2025-03-05T14:30:00+01:00',
      municipality: 'Stanovo',
      deployments: [
        { memberId: leader!.id, role: 'team_leader' },
        { memberId: negotiator!.id, role: 'lead_negotiator' },
      ],
    });
    for (const entry of LOG) await app.api('crisisLog.append', { crisisId: crisis.id, ...entry });

    await goTo(page, 'crises');
    await page.getByRole('gridcell', { name: 'Stanovo' }).click();
    await page.getByRole('heading', { name: text('crisis.liveTitle') }).first().waitFor();
    // A running crisis offers a draft, and no debrief yet.
    await page.getByRole('button', { name: text('incidentReport.saveDraft') }).waitFor();
    expect(await page.getByRole('heading', { name: text('debrief.title') }).count()).toBe(0);

    await page.getByRole('button', { name: text('crisis.close') }).click();
    const dialog = page.getByRole('dialog', { name: text('crisis.closeTitle') });
    await dialog.getByLabel(text('crisis.outcome'), { exact: true }).selectOption('surrender');
    // Ended the same evening, typed as a Serbian date (the field starts at now).
    const ended = dateField(dialog, text('crisis.endedAt'));
    await clearDate(ended);
    await typeDate(ended, '5. 3. 2025. 17:05:00');
    await dialog.getByRole('button', { name: text('crisis.closeConfirm') }).click();
    await page.getByRole('heading', { name: text('crisis.timelineTitle') }).waitFor();
    expect(await app.api('crises.get', { id: crisis.id })).toMatchObject({ status: 'closed', endedAt: '2025-03-05T16:05:00.000Z' });

    // The debrief, written on the closed crisis and kept with it.
    const debrief = page.getByRole('region', { name: text('debrief.title') });
    await debrief.getByLabel(text('debrief.whatWorked')).fill(DEBRIEF.whatWorked);
    await debrief.getByLabel(text('debrief.whatDidNotWork')).fill(DEBRIEF.whatDidNotWork);
    await debrief.getByLabel(text('debrief.lessons')).fill(DEBRIEF.lessons);
    await debrief.getByRole('button', { name: text('debrief.save') }).click();
    await debrief.getByTestId('debrief-meta').waitFor();
    expect(await app.api('debriefs.get', { crisisId: crisis.id })).toMatchObject({ version: 1, ...DEBRIEF, updatedBy: 'Marko Jovanović' });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'incident-debrief');

    // The report: the card says it is not anonymised; the shell's dialog suggests its name.
    const report = page.getByRole('region', { name: text('incidentReport.title') });
    expect(await report.textContent()).toContain(text('incidentReport.notAnonymised'));
    await report.getByRole('button', { name: text('incidentReport.save') }).click();
    await report.getByText(text('incidentReport.saved', { file: 'izvestaj.pdf' })).waitFor();
    expect(dialogs.map((request) => request.suggestedName)).toEqual([`${crisis.reference}.pdf`]);

    const pdf = readFileSync(chosen);
    const pdfText = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8').replace(/\s+/g, ' ');
    expect(pdfText).toContain(crisis.reference);
    expect(pdfText).toContain('NIJE ANONIMIZOVANO');
    for (const entry of LOG) expect(pdfText).toContain(entry.text);
    expect(pdfText).toMatch(/5\. 3\. 2025\. 14:55 \+0:25/);
    // Ended 2 h 35 min after it started.
    expect(pdfText).toMatch(/Završetak 5\. 3\. 2025\. 17:05 Trajanje 2:35/);
    for (const part of Object.values(DEBRIEF)) expect(pdfText).toContain(part);
    for (const name of ['Marko Jovanović', 'Ivana Stanković', 'Glavni pregovarač', 'Predaja']) expect(pdfText).toContain(name);

    const audit = await app.api('audit.list', { limit: 50 });
    expect(audit.filter((entry) => entry.action === 'incident_report').map((entry) => entry.recordId)).toEqual([crisis.id]);

    // The first page, as a picture beside the screenshots, for review.
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', chosen, join(SCREENSHOTS, 'incident-report-pdf')]);
    expect(existsSync(join(SCREENSHOTS, 'incident-report-pdf.png'))).toBe(true);
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
    rmSync(folder, { recursive: true, force: true });
  }
});
