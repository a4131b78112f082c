// Three catalogues with the same keys; every key the source uses exists; Cyrillic is real
// Serbian Cyrillic; and switching the language changes the whole UI.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import * as domain from '../../src/shared/domain';
import * as accounts from '../../src/shared/accounts';
import { errorCode } from '../../src/shared/errors';
import { type App, launchBrowser, openApp, screenshot } from '../support/browser';
import { CATALOGUES, VALIDATION_KEYS, cyrillic, leaves, text } from '../support/browserText';
import type { Dom } from '../support/browserDom';
import { SECTIONS, goTo, seedMembers } from '../support/browserFlows';

type Language = keyof typeof CATALOGUES;
const LANGUAGES = Object.keys(CATALOGUES) as Language[];
const PLURAL = /_(zero|one|two|few|many|other)$/;

function keySet(language: Language): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  for (const [key] of leaves(CATALOGUES[language])) {
    const match = PLURAL.exec(key);
    const base = match ? key.slice(0, match.index) : key;
    const forms = keys.get(base) ?? new Set<string>();
    if (match) forms.add(match[1]!);
    keys.set(base, forms);
  }
  return keys;
}

function has(language: Language, key: string): boolean {
  return keySet(language).has(key);
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe('message catalogues', () => {
  test('all three have the same keys, and each plural key has the forms its language needs', () => {
    const reference = [...keySet('sr-Latn').keys()].sort();
    for (const language of LANGUAGES) {
      expect([...keySet(language).keys()].sort(), language).toEqual(reference);
      const needed = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      for (const [key, forms] of keySet(language)) {
        if (forms.size === 0) continue;
        for (const form of needed) expect(forms.has(form), `${language} ${key}_${form}`).toBe(true);
      }
    }
  });

  test('every key the renderer asks for exists in every catalogue', () => {
    const files = sourceFiles(resolve('src/renderer/src'));
    const used = new Set<string>();
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/\bt\(\s*'([^']+)'/g)) used.add(match[1]!);
      for (const match of source.matchAll(/\bt\(\s*`([^`$]+)`/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(150);

    // Keys built at run time, from the enumerations they come from.
    const families: [string, readonly string[]][] = [
      ['nav', SECTIONS],
      ['team', domain.teamSlug.options],
      ['crisisType', domain.crisisType.options],
      ['outcome', domain.crisisOutcome.options],
      ['crisisStatus', domain.crisisStatus.options],
      ['weapons', domain.weapons.options],
      ['locationType', domain.locationType.options],
      ['precipitatingEvent', domain.precipitatingEvent.options],
      ['communicationMode', domain.communicationMode.options],
      ['ageBand', domain.ageBand.options],
      ['gender', domain.gender.options],
      ['yesNoUnknown', domain.yesNoUnknown.options],
      ['memberRole', domain.memberRole.options],
      ['deploymentRole', domain.deploymentRole.options],
      ['logKind', domain.logEntryKind.options],
      ['threat', domain.hotlineThreat.options],
      ['urgency', domain.hotlineUrgency.options],
      ['hotlineAction', domain.hotlineAction.options],
      ['hotlineStatus', domain.hotlineStatus.options],
      ['followUpState', domain.followUpState.options],
      ['errors', errorCode.options],
      ['validation', VALIDATION_KEYS],
      ['session.strength', ['0', '1', '2', '3', '4']],
      ['dashboard.card', ['total', 'resolved', 'livesSaved', 'hostagesReleased', 'suicidesPrevented', 'hotline']],
      ['dashboard.series', ['total', 'resolved', 'livesSaved', 'hostagesReleased', 'suicidesPrevented', 'calls']],
      ['dashboard.preset', ['all', 'thisYear', 'lastYear', 'last12', 'custom']],
      ['crises.column', ['reference', 'startedAt', 'teamSlug', 'type', 'municipality', 'hostages', 'outcome', 'status']],
      ['crisisForm.party', ['subjects', 'hostages', 'police', 'bystanders']],
      ['crisisForm', ['injuries', 'deaths']],
      ['nav', ['admin', 'accounts', 'audit', 'backups']],
      ['accountRole', accounts.accountRole.options],
      ['accountRoleHint', accounts.accountRole.options],
      ['auditProblem', accounts.auditProblem.shape.problem.options],
      ['backups.unit', ['B', 'KB', 'MB', 'GB']],
    ];
    for (const [prefix, values] of families) for (const value of values) used.add(`${prefix}.${value}`);

    // Machine keys the contract and the services put in error issues.
    const keysFrom = [
      'src/shared/domain.ts',
      'src/shared/accounts.ts',
      'src/main/services/crises.ts',
      'src/main/services/crisisLog.ts',
      'src/main/services/common.ts',
      'src/main/services/accounts.ts',
    ];
    for (const file of keysFrom) {
      const source = readFileSync(resolve(file), 'utf8');
      for (const match of source.matchAll(/message: '([a-z]+(?:_[a-z]+)+)'/g)) used.add(`validation.${match[1]}`);
      for (const match of source.matchAll(/min\(\d+, '([a-z_]+)'\)/g)) used.add(`validation.${match[1]}`);
    }
    expect(used.has('validation.released_exceeds_hostages')).toBe(true);

    const missing = LANGUAGES.flatMap((language) => [...used].filter((key) => !has(language, key)).map((key) => `${language}: ${key}`));
    expect(missing).toEqual([]);
  });

  test('the Cyrillic catalogue is Serbian Cyrillic', () => {
    expect(cyrillic.toCyrillic('Ljubljana, Njegoš, DŽEP, Đurđevdan, Šabac, Čačak, Ćuprija')).toBe('Љубљана, Његош, ЏЕП, Ђурђевдан, Шабац, Чачак, Ћуприја');
    expect(cyrillic.toCyrillic('Oslobođeni taoci: {{count}} — Ctrl L')).toBe('Ослобођени таоци: {{count}} — Ctrl L');
    expect(text('nav.crises', {}, 'sr-Cyrl')).toBe('Кризе');
    expect(text('nav.settings', {}, 'sr-Cyrl')).toBe('Подешавања');
    expect(text('nav.lock', {}, 'sr-Cyrl')).toBe('Закључај');
    // File formats and spreadsheet column names (snake_case) stay as the files spell them.
    const allowed = /Crisis Casebook|\bSOS\b|\bCSV\b|\bExcel\b|\.xlsx\b|\bUTF-(?:8|16)\b|\bWindows-1250\b|\b[a-z]+(?:_[a-z]+)+\b|\b(?:Ctrl|Alt)(?:[+ ](?:[A-Z]\b|\d|Enter))*|\bEnter\b|\{\{\w+\}\}/g;
    for (const [key, value] of leaves(CATALOGUES['sr-Latn'])) {
      // No word whose lj, nj or dž are two letters (nad-živeti): the mapping would join them.
      expect(cyrillic.hasSplitDigraph(value), key).toBe(false);
    }
    for (const [key, value] of leaves(CATALOGUES['sr-Cyrl'])) {
      expect(value.replace(allowed, ''), key).not.toMatch(/[A-Za-zČĆŽŠĐčćžšđ]/);
    }
  });
});

describe('switching language', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const DATA = ['Marko Jovanović', 'Vuk 1', 'Zemun', 'Milica Stanković', 'Južne vesti', 'Ana Petrović'];

  async function seed(app: App) {
    await seedMembers(app, 'belgrade', [['Marko Jovanović', 'Vuk 1', 'team_leader']]);
    const crisis = await app.api('crises.create', {
      teamSlug: 'belgrade',
      type: 'hostage',
      startedAt: '2025-05-05T10:00:00+02:00',
      hostages: 2,
      municipality: 'Zemun',
    });
    await app.api('crisisLog.append', { crisisId: crisis.id, kind: 'release', at: '2025-05-05T11:00:00+02:00', releasedCount: 1 });
    await app.api('hotline.create', {
      receivedAt: '2025-05-06T09:00:00+02:00',
      caller: 'Milica Stanković',
      outlet: 'Južne vesti',
      threat: 'threat',
      urgency: 'high',
      action: 'advice_given',
      followUpDue: '2025-05-10',
    });
    return crisis;
  }

  /** The page's visible text without the data the test entered and record references. */
  async function uiText(page: Page): Promise<string> {
    let body = await page.evaluate(() => (globalThis as unknown as Dom).document.body.innerText);
    for (const value of DATA) body = body.split(value).join(' ');
    return body.replace(/\b(?:BG|NS|NI|KG|KV|SOS)-\d{4}-\d{3,4}\b/g, ' ');
  }

  const screens = async (page: Page, crisisId: string, visit: (name: string) => Promise<void>) => {
    for (const section of SECTIONS) {
      await page.keyboard.press(`Control+${SECTIONS.indexOf(section) + 1}`);
      await page.locator('main h1').waitFor();
      await page.locator('[aria-busy="true"], .loading').first().waitFor({ state: 'detached' }).catch(() => undefined);
      await visit(section);
    }
    await page.keyboard.press('Control+1');
    await page.locator(`[data-crisis-id="${crisisId}"]`).click();
    await page.getByRole('timer').waitFor();
    await visit('crisis');
    await page.keyboard.press('Control+N');
    await page.locator('form').waitFor();
    await visit('crisis-form');
  };

  test('Cyrillic and English reach every screen; no Latin Serbian is left behind', async () => {
    const app = await openApp(browser);
    const { page } = app;
    try {
      const crisis = await seed(app);
      await goTo(page, 'settings');
      await page.getByLabel(text('settings.languageField'), { exact: true }).selectOption('sr-Cyrl');
      await page.getByRole('heading', { level: 1, name: text('settings.title', {}, 'sr-Cyrl') }).waitFor();
      expect(await page.evaluate(() => (globalThis as unknown as Dom).document.documentElement.lang)).toBe('sr-Cyrl');

      // The product's name and monogram, key names, language endonyms, team codes (part of references).
      const keep =
        /Crisis Casebook|\bCC\b|\bSOS\b|\b(?:Ctrl|Alt)(?:[+ ](?:[A-Z]\b|\d|Enter))*|\bEnter\b|\bEsc\b|Srpski \(latinica\)|English|\b(?:BG|NS|NI|KG|KV)\b/g;
      await screens(page, crisis.id, async (name) => {
        const latin = (await uiText(page)).replace(keep, ' ').match(/[A-Za-zČĆŽŠĐčćžšđ]+/g);
        expect(latin, `Latin letters on the ${name} screen in Cyrillic`).toBeNull();
        if (name === 'dashboard') await screenshot(page, '13-dashboard-cyrillic');
      });

      // English, chosen again in Settings: every Serbian-only string is gone from every screen.
      await page.keyboard.press('Control+5');
      await page.getByLabel(text('settings.languageField', {}, 'sr-Cyrl'), { exact: true }).selectOption('en');
      await page.getByRole('heading', { level: 1, name: text('settings.title', {}, 'en') }).waitFor();
      const english = new Set(leaves(CATALOGUES.en).map(([, value]) => value));
      const serbianOnly = leaves(CATALOGUES['sr-Latn'])
        .map(([, value]) => value)
        .filter((value) => !english.has(value) && value.length > 3 && !value.includes('{{'));
      await screens(page, crisis.id, async (name) => {
        const body = await uiText(page);
        const left = serbianOnly.filter((value) => body.includes(value));
        expect(left, `Serbian strings on the ${name} screen in English`).toEqual([]);
        if (name === 'crises') {
          for (const section of SECTIONS) {
            await page.getByRole('button', { name: new RegExp(`^${text(`nav.${section}`, {}, 'en')}`) }).waitFor();
          }
        }
        if (name === 'crisis') await screenshot(page, '14-live-english');
      });
      // The choice is remembered for the next start, and the unlock screen follows it.
      await page.keyboard.press('Control+L');
      await page.getByRole('heading', { name: text('session.unlockTitle', {}, 'en') }).waitFor();
      expect(await page.evaluate(() => localStorage.getItem('casebook.language'))).toBe('en');
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
