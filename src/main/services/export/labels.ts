// Words of the printed report and the notes, in Serbian (Latin and Cyrillic) and English.
// Cyrillic is transliterated from the Latin text; ⟦…⟧ marks text kept as written (CSV, k, x).
import { latinToCyrillic } from '@shared/cyrillic';
import type { ExportLanguage } from '@shared/exchange';

/** Serbian Latin to Cyrillic; ⟦kept⟧ parts stay as written (and lose their brackets). */
export function toCyrillic(text: string): string {
  return text
    .split(/(⟦[^⟧]*⟧)/u)
    .map((part) => (part.startsWith('⟦') ? part.slice(1, -1) : latinToCyrillic(part)))
    .join('');
}

function plain(text: string): string {
  return text.replace(/[⟦⟧]/gu, '');
}

type Catalogue = Record<string, string>;

const SR: Catalogue = {
  title: 'Pregovaranje u kriznim situacijama: anonimizovani statistički pregled',
  subtitle: 'Zbirni podaci, bez pojedinačnih slučajeva',
  scope: 'Obuhvat',
  teams: 'Timovi',
  allTeams: 'Svih pet timova',
  periods: 'Periodi',
  generated: 'Izrađeno',
  threshold: 'Prag zaštite malih vrednosti ⟦(k)⟧',
  headline: 'Ukupno',
  crises: 'Krizne situacije',
  resolved: 'Rešene pregovorima',
  hostagesReleased: 'Oslobođeni taoci',
  suicidesPrevented: 'Sprečena samoubistva',
  livesSaved: 'Spaseni životi',
  calls: 'Pozivi',
  crisesByPeriod: 'Krizne situacije po periodu',
  crisesByTeam: 'Krizne situacije po timu',
  crisesByType: 'Krizne situacije po vrsti',
  crisesByOutcome: 'Krizne situacije po ishodu',
  teamByPeriod: 'Krizne situacije: tim × period',
  typeByOutcome: 'Krizne situacije: vrsta × ishod',
  resultsByTeam: 'Ishodi po timu',
  team: 'Tim',
  period: 'Period',
  type: 'Vrsta',
  outcome: 'Ishod',
  total: 'Ukupno',
  hotline: 'SOS linija za novinare',
  callsByPeriod: 'Pozivi po periodu',
  callsByThreat: 'Pozivi po vrsti pretnje',
  callsByUrgency: 'Pozivi po hitnosti',
  callsByAction: 'Pozivi po preduzetoj meri',
  threat: 'Pretnja',
  urgency: 'Hitnost',
  action: 'Mera',
  notes: 'Napomene o zaštiti podataka',
  suppressedLegend: '⟦x⟧ = podatak zaštićen (ne objavljuje se)',
  detailInFiles: 'Potpuna raščlamba (tim × period × vrsta × ishod; period × pretnja × hitnost × mera) nalazi se u ⟦CSV⟧, ⟦JSON⟧ i ⟦Excel⟧ izvozu iste zaštite.',
  noHotline: 'SOS linija nije deo izvoza za jedan tim.',
  'type.hostage': 'Talačka situacija',
  'type.barricade': 'Barikadiranje',
  'type.suicide_attempt': 'Pokušaj samoubistva',
  'type.kidnapping': 'Otmica',
  'type.other': 'Drugo',
  'outcome.surrender': 'Predaja',
  'outcome.talked_down': 'Odustajanje posle pregovora',
  'outcome.released': 'Oslobađanje talaca',
  'outcome.tactical': 'Taktičko rešenje',
  'outcome.suicide': 'Samoubistvo',
  'outcome.escaped': 'Bekstvo',
  'outcome.other': 'Drugo',
  'outcome.open': 'U toku',
  'threat.physical_attack': 'Fizički napad',
  'threat.threat': 'Pretnja',
  'threat.online_harassment': 'Uznemiravanje na internetu',
  'threat.surveillance': 'Praćenje',
  'threat.legal_pressure': 'Pravni pritisak',
  'threat.other': 'Drugo',
  'urgency.immediate': 'Hitno',
  'urgency.high': 'Visoka',
  'urgency.normal': 'Uobičajena',
  'action.police_dispatched': 'Upućena policija',
  'action.prosecutor_notified': 'Obavešteno tužilaštvo',
  'action.referred': 'Upućeno dalje',
  'action.advice_given': 'Dat savet',
  'action.other': 'Drugo',
  'team.belgrade': 'Beograd',
  'team.novi-sad': 'Novi Sad',
  'team.nis': 'Niš',
  'team.kragujevac': 'Kragujevac',
  'team.kraljevo': 'Kraljevo',
  quarter: '{q}. kvartal {y}',
  'note.figures': 'Izvoz sadrži samo zbirne brojeve. Nema pojedinačnih slučajeva, imena, pozivnih znakova, telefona, medija, opština, lokacija, slobodnog teksta, oznaka predmeta ni tačnih datuma; najmanja jedinica vremena je {unit}, a periodi se računaju po danu početka (poziva) po vremenu u Srbiji. Filtri po datumu prošireni su na cele periode.',
  'note.primary': 'Primarna zaštita: svaki broj od 1 do {kMinus1} (⟦k⟧ = {k}) se ne objavljuje i označen je sa ⟦x⟧. Nule se objavljuju kao 0: strukturna nula ne otkriva nijedan slučaj, ali zato ⟦x⟧ znači da je vrednost veća od nule.',
  'note.secondary': 'Sekundarna zaštita: u svakom redu i koloni objavljenih tabela (uključujući ukupne zbirove i zbir rešenih) skrivena je ili nijedna ili bar dva podatka; kada bi ostao samo jedan, skriva se i najmanji objavljeni podatak različit od nule (ćelija pre zbira). Zatim se proverava ceo sistem objavljenih zbirova: nijedan skriveni broj ne može se tačno izračunati ni kombinovanjem više redova i kolona; postupak se ponavlja dok to ne važi. Zbirovi koji su i sami mali zaštićeni su isto kao ćelije.',
  'note.sums': 'Oslobođeni taoci, sprečena samoubistva i spaseni životi objavljuju se za grupu samo ako je objavljen i broj kriznih situacija u njoj i ako je zbiru doprinelo najmanje {k} situacija ili nijedna; isti postupak sekundarne zaštite primenjuje se zatim na svaki od ovih zbirova. Spaseni životi (oslobođeni taoci + sprečena samoubistva) objavljuju se samo gde su objavljena oba sabirka.',
  'note.resolved': 'Rešene pregovorima: ishod predaja, odustajanje posle pregovora ili oslobađanje talaca. Situacije bez ishoda vode se kao „u toku”.',
  'note.hotline': 'Pozivi SOS linije raščlanjeni su po periodu, pretnji, hitnosti i meri, uz istu zaštitu. SOS linija je nacionalna i ne pripada timu, pa je u izvozu za jedan tim nema.',
  'note.scope': 'Zaštita važi za ovaj izvoz. Više izvoza istih podataka sa različitim periodima ili opsezima može se međusobno porediti; svaki izvoz se zato beleži u evidenciji izvoza.',
};

const EN: Catalogue = {
  title: 'Crisis negotiation: anonymised statistical summary',
  subtitle: 'Aggregate figures only, no individual cases',
  scope: 'Scope',
  teams: 'Teams',
  allTeams: 'All five teams',
  periods: 'Periods',
  generated: 'Produced',
  threshold: 'Small-count threshold (k)',
  headline: 'Totals',
  crises: 'Crises',
  resolved: 'Resolved by negotiation',
  hostagesReleased: 'Hostages released',
  suicidesPrevented: 'Suicides prevented',
  livesSaved: 'Lives saved',
  calls: 'Calls',
  crisesByPeriod: 'Crises by period',
  crisesByTeam: 'Crises by team',
  crisesByType: 'Crises by type',
  crisesByOutcome: 'Crises by outcome',
  teamByPeriod: 'Crises: team × period',
  typeByOutcome: 'Crises: type × outcome',
  resultsByTeam: 'Results by team',
  team: 'Team',
  period: 'Period',
  type: 'Type',
  outcome: 'Outcome',
  total: 'Total',
  hotline: 'SOS hotline for journalists',
  callsByPeriod: 'Calls by period',
  callsByThreat: 'Calls by threat',
  callsByUrgency: 'Calls by urgency',
  callsByAction: 'Calls by action taken',
  threat: 'Threat',
  urgency: 'Urgency',
  action: 'Action',
  notes: 'Notes on data protection',
  suppressedLegend: 'x = figure suppressed (not published)',
  detailInFiles: 'The full breakdown (team × period × type × outcome; period × threat × urgency × action) is in the CSV, JSON and Excel exports, under the same protection.',
  noHotline: 'The SOS hotline is not part of a single team’s export.',
  'type.hostage': 'Hostage taking',
  'type.barricade': 'Barricade',
  'type.suicide_attempt': 'Suicide attempt',
  'type.kidnapping': 'Kidnapping',
  'type.other': 'Other',
  'outcome.surrender': 'Surrender',
  'outcome.talked_down': 'Talked down',
  'outcome.released': 'Hostages released',
  'outcome.tactical': 'Tactical resolution',
  'outcome.suicide': 'Suicide',
  'outcome.escaped': 'Escape',
  'outcome.other': 'Other',
  'outcome.open': 'Ongoing',
  'threat.physical_attack': 'Physical attack',
  'threat.threat': 'Threat',
  'threat.online_harassment': 'Online harassment',
  'threat.surveillance': 'Surveillance',
  'threat.legal_pressure': 'Legal pressure',
  'threat.other': 'Other',
  'urgency.immediate': 'Immediate',
  'urgency.high': 'High',
  'urgency.normal': 'Normal',
  'action.police_dispatched': 'Police dispatched',
  'action.prosecutor_notified': 'Prosecutor notified',
  'action.referred': 'Referred',
  'action.advice_given': 'Advice given',
  'action.other': 'Other',
  'team.belgrade': 'Belgrade',
  'team.novi-sad': 'Novi Sad',
  'team.nis': 'Niš',
  'team.kragujevac': 'Kragujevac',
  'team.kraljevo': 'Kraljevo',
  quarter: 'Q{q} {y}',
  'note.figures': 'This export holds aggregate counts only. It has no individual cases, names, call signs, phone numbers, outlets, municipalities, locations, free text, case references or exact dates; the finest unit of time is the {unit}, and periods are counted by the day a crisis started (or a call came in) in Serbian time. Date filters are widened to whole periods.',
  'note.primary': 'Primary suppression: every count from 1 to {kMinus1} (k = {k}) is withheld and shown as x. Zeros are published as 0: a structural zero discloses no case, which also means that x stands for a value above zero.',
  'note.secondary': 'Secondary suppression: in every row and column of the published tables (including totals and the resolved totals) either no figure or at least two figures are hidden; where only one would be, the smallest non-zero published figure of that line (a cell before its margin) is hidden too. The whole system of published totals is then checked: no hidden figure can be computed exactly, even by combining several rows and columns; this repeats until it holds. Totals that are small themselves are protected like cells.',
  'note.sums': 'Hostages released, suicides prevented and lives saved are published for a group only where its number of crises is published and at least {k} crises (or none) contributed to the sum; the same secondary suppression then protects each of these sums. Lives saved (hostages released + suicides prevented) is published only where both parts are.',
  'note.resolved': 'Resolved by negotiation: outcome surrender, talked down or hostages released. Crises without an outcome are counted as ongoing.',
  'note.hotline': 'SOS hotline calls are broken down by period, threat, urgency and action, under the same protection. The hotline is national, not a team’s, so a single team’s export leaves it out.',
  'note.scope': 'The protection holds within this export. Several exports of the same data with different periods or ranges can be compared with each other; every export is therefore recorded in the export history.',
};

const MONTHS: Record<'sr' | 'en', readonly string[]> = {
  sr: ['januar', 'februar', 'mart', 'april', 'maj', 'jun', 'jul', 'avgust', 'septembar', 'oktobar', 'novembar', 'decembar'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};
const UNITS: Record<'sr' | 'en', Record<string, string>> = {
  sr: { year: 'godina', quarter: 'kvartal', month: 'mesec' },
  en: { year: 'year', quarter: 'quarter', month: 'month' },
};

export interface Labels {
  language: ExportLanguage;
  t(key: string, values?: Record<string, string | number>): string;
  period(key: string): string;
  unit(period: string): string;
}

export function labelsFor(language: ExportLanguage): Labels {
  const base = language === 'en' ? 'en' : 'sr';
  const catalogue = base === 'en' ? EN : SR;
  const finish = (text: string) => (language === 'sr-Cyrl' ? toCyrillic(text) : plain(text));
  const fill = (text: string, values: Record<string, string | number> = {}) =>
    text.replace(/\{(\w+)\}/g, (_match, name: string) => String(values[name] ?? ''));
  return {
    language,
    t: (key, values) => finish(fill(catalogue[key] ?? key, values)),
    period: (key) => {
      const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
      if (quarter) return finish(fill(catalogue['quarter'] ?? '', { y: quarter[1] ?? '', q: quarter[2] ?? '' }));
      const month = /^(\d{4})-(\d{2})$/.exec(key);
      if (month) return finish(`${MONTHS[base][Number(month[2]) - 1] ?? ''} ${month[1]}`);
      return key;
    },
    unit: (period) => UNITS[base][period] ?? period,
  };
}
