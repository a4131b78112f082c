// Synthetic records written through the real services (the app's own write path, FTS and
// aggregate triggers included), and the spreadsheet the import is measured with.
import type { CrisisInput, CrisisOutcome, CrisisType, HotlineCallInput, LogEntryKind, TeamSlug } from '@shared/domain';
import { TEAMS } from '@shared/domain';
import { createCrisis } from '../src/main/services/crises';
import { appendLogEntry } from '../src/main/services/crisisLog';
import { createHotlineCall } from '../src/main/services/hotline';
import { createMember } from '../src/main/services/members';
import type { Store } from '../src/main/store';
import {
  CALLERS,
  LOG_TEXT,
  MUNICIPALITIES,
  NEGOTIATORS,
  OUTLETS,
  PLACES,
  Random,
  callNotes,
  crisisNotes,
} from './random';

export const FIRST_YEAR = 2006;
export const LAST_YEAR = 2025;
const SPAN_START = Date.UTC(FIRST_YEAR, 0, 1);
const SPAN_END = Date.UTC(LAST_YEAR, 11, 31, 23, 0);
const HOUR = 3_600_000;

export interface DatasetPlan {
  crises: number;
  logEntries: number;
  hotlineCalls: number;
}

/** N records: 40% crises, 40% log entries (0–2 per crisis), 20% hotline calls. */
export function planFor(n: number): DatasetPlan {
  const crises = Math.round(n * 0.4);
  const logEntries = Math.round(n * 0.4);
  return { crises, logEntries, hotlineCalls: n - crises - logEntries };
}

const TEAM_WEIGHTS: readonly (readonly [TeamSlug, number])[] = [
  ['belgrade', 40],
  ['novi-sad', 20],
  ['nis', 15],
  ['kragujevac', 13],
  ['kraljevo', 12],
];
const TYPE_WEIGHTS: readonly (readonly [CrisisType, number])[] = [
  ['barricade', 30],
  ['suicide_attempt', 35],
  ['hostage', 18],
  ['kidnapping', 5],
  ['other', 12],
];

function outcomeFor(random: Random, type: CrisisType): CrisisOutcome {
  if (type === 'suicide_attempt') {
    return random.weighted([['talked_down', 70], ['suicide', 8], ['tactical', 10], ['other', 12]] as const);
  }
  if (type === 'hostage' || type === 'kidnapping') {
    return random.weighted([['released', 35], ['surrender', 35], ['tactical', 20], ['escaped', 5], ['other', 5]] as const);
  }
  return random.weighted([['surrender', 60], ['talked_down', 15], ['tactical', 15], ['escaped', 5], ['other', 5]] as const);
}

function randomInstant(random: Random): number {
  return SPAN_START + Math.floor(random.next() * (SPAN_END - SPAN_START));
}

/** One crisis as a person would enter it, with the log entries to append afterwards. */
export function syntheticCrisis(random: Random, teamMembers: ReadonlyMap<TeamSlug, string[]>) {
  const teamSlug = random.weighted(TEAM_WEIGHTS);
  const type = random.weighted(TYPE_WEIGHTS);
  const start = randomInstant(random);
  const open = random.chance(0.02);
  const outcome = open ? null : outcomeFor(random, type);
  const hostages = type === 'hostage' || type === 'kidnapping' ? random.int(1, 5) : 0;
  const hostagesReleased = outcome === 'released' ? hostages : outcome === 'surrender' ? random.int(0, hostages) : 0;
  const suicidesPrevented = type === 'suicide_attempt' && outcome === 'talked_down' ? 1 : 0;
  const place = random.pick(PLACES);
  const members = teamMembers.get(teamSlug) ?? [];
  const deployments: NonNullable<CrisisInput['deployments']> = [];
  if (members.length > 0) {
    deployments.push({ memberId: random.pick(members), role: 'lead_negotiator' });
    if (random.chance(0.5)) deployments.push({ memberId: random.pick(members), role: 'secondary_negotiator' });
  }
  const input: CrisisInput = {
    teamSlug,
    startedAt: new Date(start).toISOString(),
    endedAt: open ? null : new Date(start + random.int(1, 14) * HOUR).toISOString(),
    type,
    municipality: random.pick(MUNICIPALITIES[teamSlug] ?? ['']),
    locationNote: place,
    subjects: random.chance(0.9) ? 1 : 2,
    hostages,
    hostagesReleased,
    suicidesPrevented,
    outcome,
    weapons: random.pick(['none', 'firearm', 'bladed', 'other', 'unknown'] as const),
    locationType: random.pick(['residence', 'business', 'vehicle', 'public_place', 'custody_facility', 'open_area'] as const),
    precipitatingEvent: random.pick(['domestic_dispute', 'mental_health_crisis', 'criminal_act_interrupted', 'workplace', 'other'] as const),
    communicationMode: random.pick(['face_to_face', 'phone', 'throw_phone', 'intermediary'] as const),
    subject: {
      ageBand: random.pick(['18_24', '25_34', '35_44', '45_54', '55_64', 'unknown'] as const),
      gender: random.weighted([['male', 80], ['female', 18], ['unknown', 2]] as const),
      underInfluence: random.pick(['yes', 'no', 'unknown'] as const),
      mentalHealthHistory: random.pick(['yes', 'no', 'unknown'] as const),
      priorPoliceContact: random.pick(['yes', 'no', 'unknown'] as const),
    },
    notes: crisisNotes(random, place),
    deployments,
  };
  return { input, start, releasable: hostagesReleased };
}

function syntheticLog(random: Random, start: number, releasable: number, index: number) {
  const kind: LogEntryKind =
    index === 0 && releasable > 0
      ? 'release'
      : random.pick(['contact_established', 'demand', 'deadline', 'concession', 'note', 'note'] as const);
  return {
    kind,
    at: new Date(start + (index + 1) * random.int(5, 50) * 60_000).toISOString(),
    text: random.pick(LOG_TEXT[kind] ?? ['']),
    releasedCount: kind === 'release' ? releasable : 0,
  };
}

export function syntheticCall(random: Random): HotlineCallInput {
  const received = randomInstant(random);
  const status = random.chance(0.9) ? 'closed' : 'open';
  return {
    receivedAt: new Date(received).toISOString(),
    caller: random.pick(CALLERS),
    outlet: random.pick(OUTLETS),
    threat: random.weighted([['threat', 35], ['online_harassment', 30], ['physical_attack', 10], ['surveillance', 10], ['legal_pressure', 10], ['other', 5]] as const),
    urgency: random.weighted([['immediate', 15], ['high', 35], ['normal', 50]] as const),
    municipality: random.pick(MUNICIPALITIES[random.pick(TEAMS).slug] ?? ['']),
    action: random.pick(['police_dispatched', 'prosecutor_notified', 'referred', 'advice_given', 'other'] as const),
    followUpDue: random.chance(0.3) ? new Date(received + random.int(1, 30) * 24 * HOUR).toISOString().slice(0, 10) : null,
    status,
    notes: callNotes(random),
  };
}

export interface BuildProgress {
  (done: number, total: number): void;
}

/** Members per team, then crises with their log, then hotline calls: all through the services. */
export function fillStore(store: Store, plan: DatasetPlan, seed: number, progress?: BuildProgress): { members: number } {
  const random = new Random(seed);
  const teamMembers = new Map<TeamSlug, string[]>();
  store.transaction(() => {
    for (const team of TEAMS) {
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) {
        const name = `${NEGOTIATORS[(i + team.code.charCodeAt(0)) % NEGOTIATORS.length]} ${team.code}${i + 1}`;
        ids.push(createMember(store, { teamSlug: team.slug, name, callSign: `${team.code}-${i + 1}`, role: i === 0 ? 'team_leader' : 'negotiator' }).id);
      }
      teamMembers.set(team.slug, ids);
    }
  });

  const total = plan.crises + plan.logEntries + plan.hotlineCalls;
  const BATCH = 2_000;
  let done = 0;
  let logsLeft = plan.logEntries;
  let crisesLeft = plan.crises;
  while (crisesLeft > 0) {
    const batch = Math.min(BATCH, crisesLeft);
    store.transaction(() => {
      for (let i = 0; i < batch; i++) {
        const { input, start, releasable } = syntheticCrisis(random, teamMembers);
        const crisis = createCrisis(store, input);
        crisesLeft--;
        done++;
        // 0–2 entries each, averaging one; the last crisis takes whatever is left.
        const entries = crisesLeft === 0 ? logsLeft : Math.min(logsLeft, random.int(0, 2));
        for (let e = 0; e < entries; e++) {
          appendLogEntry(store, { crisisId: crisis.id, ...syntheticLog(random, start, releasable, e) });
          logsLeft--;
          done++;
        }
      }
    });
    progress?.(done, total);
  }
  let callsLeft = plan.hotlineCalls;
  while (callsLeft > 0) {
    const batch = Math.min(BATCH * 2, callsLeft);
    store.transaction(() => {
      for (let i = 0; i < batch; i++) createHotlineCall(store, syntheticCall(random));
    });
    callsLeft -= batch;
    done += batch;
    progress?.(done, total);
  }
  return { members: TEAMS.length * 8 };
}

function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A crises spreadsheet as a team would export it from Excel: `rows` rows, no references. */
export function crisesCsv(rows: number, seed: number): string {
  const random = new Random(seed);
  const header = ['team', 'started_at', 'ended_at', 'type', 'municipality', 'subjects', 'hostages', 'hostages_released', 'suicides_prevented', 'outcome', 'lead_negotiator', 'notes'];
  const lines = [header.join(',')];
  const none = new Map<TeamSlug, string[]>();
  for (let i = 0; i < rows; i++) {
    const { input } = syntheticCrisis(random, none);
    const team = TEAMS.find((t) => t.slug === input.teamSlug);
    lines.push(
      [
        team?.name ?? input.teamSlug,
        input.startedAt,
        input.endedAt ?? '',
        input.type,
        input.municipality ?? '',
        input.subjects ?? 1,
        input.hostages ?? 0,
        input.hostagesReleased ?? 0,
        input.suicidesPrevented ?? 0,
        input.outcome ?? '',
        random.pick(NEGOTIATORS),
        input.notes ?? '',
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
