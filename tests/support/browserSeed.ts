// A small, realistic, deterministic case book: members of all five teams, crises over several
// years with negotiation logs, and hotline calls with follow-ups. Used by the screen tests and
// by the browser preview (tests/support/preview-browser.mjs --demo).
import type { ChannelInput, ChannelName, ChannelOutput } from '../../src/shared/channels';
import type { CrisisOutcome, CrisisType, TeamSlug } from '../../src/shared/domain';

type Api = <C extends ChannelName>(channel: C, input: ChannelInput<C>) => Promise<ChannelOutput<C>>;

const TEAMS: TeamSlug[] = ['belgrade', 'novi-sad', 'nis', 'kragujevac', 'kraljevo'];
const PEOPLE: Record<TeamSlug, string[]> = {
  belgrade: ['Marko Jovanović', 'Jelena Marković', 'Nikola Ilić', 'Ivana Stojanović', 'Stefan Pavlović', 'Milena Kostić'],
  'novi-sad': ['Dušan Popović', 'Tijana Nikolić', 'Vladimir Kovačević', 'Sanja Tomić', 'Aleksandar Šijački'],
  nis: ['Milan Stanković', 'Katarina Mitić', 'Predrag Cvetković', 'Jovana Đorđević', 'Bojan Ristić'],
  kragujevac: ['Nenad Radovanović', 'Maja Milosavljević', 'Dejan Vukićević', 'Ana Lazarević'],
  kraljevo: ['Goran Jevtić', 'Snežana Bogdanović', 'Ivan Marinković', 'Vesna Radojević'],
};
const ROLES = ['team_leader', 'negotiator', 'negotiator', 'log_keeper', 'coach', 'intelligence'] as const;
const PLACES: Record<TeamSlug, string[]> = {
  belgrade: ['Zemun', 'Novi Beograd', 'Voždovac', 'Palilula', 'Čukarica', 'Zvezdara'],
  'novi-sad': ['Petrovaradin', 'Liman', 'Detelinara', 'Sremska Kamenica'],
  nis: ['Medijana', 'Pantelej', 'Palilula', 'Crveni Krst'],
  kragujevac: ['Stanovo', 'Aerodrom', 'Pivara'],
  kraljevo: ['Ribnica', 'Centar', 'Zelena Gora'],
};
const NOTES = [
  'Subjekat zabarikadiran u stanu, preti vatrenim oružjem.',
  'Porodični sukob; supruga i dete zadržani u kući.',
  'Pljačka menjačnice prekinuta dolaskom patrole.',
  'Osoba na ogradi mosta, pregovori licem u lice.',
  'Zahtev za razgovor sa advokatom i prevoz.',
  'Subjekat pod dejstvom alkohola, bez ranijih prijava.',
];
const CALLERS = [
  ['Milica Stanković', 'Južne vesti'],
  ['Stefan Đorđević', 'Radio Beograd'],
  ['Dragana Pejović', 'Nedeljnik Vreme'],
  ['Uroš Tasić', 'N1'],
  ['Teodora Ilić', 'Danas'],
  ['Petar Nedić', 'Slobodna reč'],
  ['Ivana Kostić', 'KRIK'],
  ['Luka Simić', 'Glas Zaječara'],
] as const;

/** A small deterministic generator (mulberry32), so the same data comes out every run. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

export async function seedDemo(api: Api, options: { crises?: number; calls?: number; now?: number } = {}) {
  const rng = random(20_250_101);
  const now = options.now ?? Date.now();
  const members: Record<string, string[]> = {};
  for (const team of TEAMS) {
    members[team] = [];
    for (const [index, name] of PEOPLE[team].entries()) {
      const member = await api('members.create', {
        teamSlug: team,
        name,
        callSign: `${team.slice(0, 2).toUpperCase()}-${index + 1}`,
        role: ROLES[index % ROLES.length]!,
      });
      members[team]!.push(member.id);
    }
  }

  const crises = options.crises ?? 60;
  const created = [];
  for (let i = 0; i < crises; i += 1) {
    const team = rng.pick(['belgrade', 'belgrade', 'novi-sad', 'nis', 'kragujevac', 'kraljevo'] as const);
    const type = rng.pick<CrisisType>(['hostage', 'barricade', 'barricade', 'suicide_attempt', 'suicide_attempt', 'kidnapping', 'other']);
    const open = i >= crises - 2;
    const start = open ? now - rng.int(1, 5) * 3_600_000 : now - rng.int(20, 5 * 365) * 86_400_000 - rng.int(0, 86_400) * 1000;
    const hours = rng.int(1, 9);
    const hostages = type === 'hostage' || type === 'kidnapping' ? rng.int(1, 4) : 0;
    let outcome: CrisisOutcome | null = null;
    if (!open) {
      outcome =
        type === 'suicide_attempt'
          ? rng.pick<CrisisOutcome>(['talked_down', 'talked_down', 'talked_down', 'tactical', 'suicide'])
          : hostages > 0
            ? rng.pick<CrisisOutcome>(['released', 'released', 'surrender', 'tactical', 'escaped'])
            : rng.pick<CrisisOutcome>(['surrender', 'surrender', 'tactical', 'other']);
    }
    const released = outcome === 'released' || outcome === 'surrender' ? hostages : 0;
    const teamMembers = members[team]!;
    const crisis = await api('crises.create', {
      teamSlug: team,
      type,
      startedAt: new Date(start).toISOString(),
      endedAt: open ? null : new Date(start + hours * 3_600_000).toISOString(),
      outcome,
      municipality: rng.pick(PLACES[team]),
      hostages,
      hostagesReleased: 0,
      subjects: 1,
      suicidesPrevented: type === 'suicide_attempt' && outcome === 'talked_down' ? 1 : 0,
      weapons: rng.pick(['none', 'firearm', 'bladed', 'unknown'] as const),
      notes: rng.pick(NOTES),
      deployments: [
        { memberId: teamMembers[0]!, role: 'team_leader' },
        { memberId: teamMembers[1]!, role: 'lead_negotiator' },
        { memberId: teamMembers[3 % teamMembers.length]!, role: 'log_keeper' },
      ],
    });
    created.push(crisis);
    const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
    // Releases are logged after the fact too: a closed crisis's log can still be added to.
    await api('crisisLog.append', { crisisId: crisis.id, kind: 'contact_established', at: at(12), text: 'Uspostavljen telefonski kontakt.', releasedCount: 0 });
    if (rng.next() < 0.6) {
      await api('crisisLog.append', { crisisId: crisis.id, kind: 'demand', at: at(35), text: 'Traži razgovor sa porodicom.', releasedCount: 0 });
    }
    if (released > 0) {
      const first = Math.max(1, Math.floor(released / 2));
      await api('crisisLog.append', { crisisId: crisis.id, kind: 'release', at: at(70), releasedCount: first, text: '' });
      if (released - first > 0) {
        await api('crisisLog.append', { crisisId: crisis.id, kind: 'release', at: at(110), releasedCount: released - first, text: '' });
      }
    }
  }

  const calls = options.calls ?? 36;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Belgrade' }).format(new Date(now));
  const dayOffset = (days: number) => {
    const [y, m, d] = today.split('-').map(Number) as [number, number, number];
    return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
  };
  for (let i = 0; i < calls; i += 1) {
    const [caller, outlet] = rng.pick(CALLERS);
    const daysAgo = i < 4 ? i + 1 : rng.int(5, 420);
    const followUp = i < 2 ? dayOffset(-i) : i < 6 ? dayOffset(rng.int(1, 10)) : rng.next() < 0.3 ? dayOffset(-daysAgo + 7) : null;
    await api('hotline.create', {
      receivedAt: new Date(now - daysAgo * 86_400_000 - rng.int(0, 80_000) * 1000).toISOString(),
      caller,
      outlet,
      threat: rng.pick(['physical_attack', 'threat', 'threat', 'online_harassment', 'online_harassment', 'surveillance', 'legal_pressure'] as const),
      urgency: rng.pick(['immediate', 'high', 'normal', 'normal'] as const),
      municipality: rng.pick(PLACES[rng.pick(TEAMS)]),
      action: rng.pick(['police_dispatched', 'prosecutor_notified', 'referred', 'advice_given'] as const),
      followUpDue: followUp,
      status: i < 8 || rng.next() < 0.3 ? 'open' : 'closed',
      notes: 'Pretnje posle objavljenog teksta; dogovoren ponovni poziv.',
    });
  }
  return { crises: created };
}
