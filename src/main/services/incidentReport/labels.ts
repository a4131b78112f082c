// Words of the incident report, in Serbian (Latin, and Cyrillic transliterated from it) and
// English; the domain's own words (types, outcomes, roles, HOBAS details) come from the shared
// vocabulary the UI uses, so the report says what the screen says.
import type { ExportLanguage } from '@shared/exchange';
import { EN_VOCABULARY, SR_LATN_VOCABULARY } from '@shared/vocabulary';
import { toCyrillic } from '../export/labels';

const SR = {
  title: 'Izveštaj o incidentu',
  notAnonymised: 'NIJE ANONIMIZOVANO: izveštaj sadrži imena, pozivne znakove, mesta i tok pregovora. Samo za tim, koordinatore i administratore; ne deli se partnerima.',
  draft: 'NACRT: kriza je još u toku; izveštaj prikazuje stanje u trenutku izrade.',
  facts: 'Osnovni podaci',
  team: 'Tim',
  type: 'Vrsta',
  status: 'Stanje',
  startedAt: 'Početak',
  endedAt: 'Završetak',
  duration: 'Trajanje',
  municipality: 'Opština',
  locationNote: 'Mesto',
  subjects: 'Broj subjekata',
  hostages: 'Broj talaca',
  details: 'Okolnosti (HOBAS)',
  weapons: 'Oružje',
  locationType: 'Vrsta lokacije',
  precipitatingEvent: 'Povod',
  communicationMode: 'Način komunikacije',
  ageBand: 'Starosna grupa subjekta',
  gender: 'Pol subjekta',
  underInfluence: 'Pod uticajem alkohola ili droga',
  mentalHealthHistory: 'Ranije psihičke smetnje',
  priorPoliceContact: 'Raniji kontakt sa policijom',
  deployed: 'Angažovani članovi tima',
  member: 'Član',
  callSign: 'Pozivni znak',
  role: 'Uloga',
  nobodyDeployed: 'Nije upisan nijedan angažovani član.',
  log: 'Tok pregovora',
  at: 'Vreme',
  elapsed: 'Od početka',
  entry: 'Događaj',
  text: 'Zapis',
  released: 'oslobođeno: {count}',
  emptyLog: 'Dnevnik pregovora je prazan.',
  outcomeSection: 'Ishod',
  outcome: 'Ishod',
  hostagesReleased: 'Oslobođeni taoci',
  suicidesPrevented: 'Sprečena samoubistva',
  casualties: 'Povređeni i stradali',
  party: 'Strana',
  injured: 'Povređeni',
  deaths: 'Stradali',
  'party.subjects': 'Subjekti',
  'party.hostages': 'Taoci',
  'party.police': 'Policija',
  'party.bystanders': 'Slučajni prolaznici',
  notes: 'Beleške',
  debrief: 'Analiza posle incidenta',
  whatWorked: 'Šta je uspelo',
  whatDidNotWork: 'Šta nije uspelo',
  lessons: 'Pouke',
  notWritten: 'Nije upisano.',
  debriefBy: 'Poslednja izmena: {who}, {when}',
  noDebrief: 'Analiza još nije upisana.',
  generated: 'Izradio {who}, {when}. Vremena su po srpskom vremenu.',
  ongoing: 'U toku',
} as const;

type ReportWords = Record<keyof typeof SR, string>;

const EN: ReportWords = {
  title: 'Incident report',
  notAnonymised: 'NOT ANONYMISED: this report names people, call signs and places and gives the course of the negotiation. For the team, coordinators and administrators only; never for partners.',
  draft: 'DRAFT: the crisis is still running; the report shows it as it stood when made.',
  facts: 'Facts',
  team: 'Team',
  type: 'Type',
  status: 'Status',
  startedAt: 'Started',
  endedAt: 'Ended',
  duration: 'Duration',
  municipality: 'Municipality',
  locationNote: 'Place',
  subjects: 'Subjects',
  hostages: 'Hostages',
  details: 'Circumstances (HOBAS)',
  weapons: 'Weapons',
  locationType: 'Location type',
  precipitatingEvent: 'Precipitating event',
  communicationMode: 'Communication mode',
  ageBand: 'Subject’s age band',
  gender: 'Subject’s gender',
  underInfluence: 'Under the influence',
  mentalHealthHistory: 'Mental health history',
  priorPoliceContact: 'Prior police contact',
  deployed: 'Deployed team members',
  member: 'Member',
  callSign: 'Call sign',
  role: 'Role',
  nobodyDeployed: 'No deployed member is recorded.',
  log: 'Negotiation timeline',
  at: 'Time',
  elapsed: 'Elapsed',
  entry: 'Event',
  text: 'Entry',
  released: 'released: {count}',
  emptyLog: 'The negotiation log is empty.',
  outcomeSection: 'Outcome',
  outcome: 'Outcome',
  hostagesReleased: 'Hostages released',
  suicidesPrevented: 'Suicides prevented',
  casualties: 'Injuries and deaths',
  party: 'Party',
  injured: 'Injured',
  deaths: 'Deaths',
  'party.subjects': 'Subjects',
  'party.hostages': 'Hostages',
  'party.police': 'Police',
  'party.bystanders': 'Bystanders',
  notes: 'Notes',
  debrief: 'Debrief',
  whatWorked: 'What worked',
  whatDidNotWork: 'What did not work',
  lessons: 'Lessons',
  notWritten: 'Not written.',
  debriefBy: 'Last changed by {who}, {when}',
  noDebrief: 'No debrief has been written yet.',
  generated: 'Made by {who}, {when}. Times are Serbian time.',
  ongoing: 'Ongoing',
};

export type ReportWord = keyof typeof SR;
type Vocabulary = typeof EN_VOCABULARY;

export interface ReportLabels {
  language: ExportLanguage;
  /** A report word, with {placeholders} filled. */
  t(key: ReportWord, values?: Record<string, string | number>): string;
  /** A domain word: vocabulary group and value, e.g. ('deploymentRole', 'coach'). */
  term<G extends keyof Vocabulary>(group: G, value: keyof Vocabulary[G] & string): string;
}

export function reportLabelsFor(language: ExportLanguage): ReportLabels {
  const words: ReportWords = language === 'en' ? EN : SR;
  const vocabulary = (language === 'en' ? EN_VOCABULARY : SR_LATN_VOCABULARY) as unknown as Record<string, Record<string, string>>;
  const script = (text: string) => (language === 'sr-Cyrl' ? toCyrillic(text) : text);
  return {
    language,
    // Placeholders are filled as written (names, times), only the words around them are transliterated.
    t: (key, values = {}) =>
      words[key]
        .split(/(\{\w+\})/)
        .map((part) => (/^\{\w+\}$/.test(part) ? String(values[part.slice(1, -1)] ?? '') : script(part)))
        .join(''),
    term: (group, value) => script(vocabulary[group]?.[value] ?? value),
  };
}
