// The child of tests/crash.test.ts: opens the real store through the real services and writes
// crises, hotline calls and members until it is killed, printing one line per write only after
// its transaction has returned (committed):  `C <kind> <id> <reference>`.
// Built into a bundle by the test with Vite (the migrations come in through import.meta.glob),
// then run by plain Node: `node crashWriter.mjs <store path> <passphrase> <seed>`.
import { writeSync } from 'node:fs';
import { openStore } from '../../src/main/store';
import { createCrisis } from '../../src/main/services/crises';
import { createHotlineCall } from '../../src/main/services/hotline';
import { createMember } from '../../src/main/services/members';

const TEAMS = ['belgrade', 'novi-sad', 'nis', 'kragujevac', 'kraljevo'] as const;

function say(line: string): void {
  const bytes = Buffer.from(`${line}\n`, 'utf8');
  let written = 0;
  while (written < bytes.length) {
    try {
      written += writeSync(1, bytes, written);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

/** A small deterministic generator, so a failing run can be replayed from its seed. */
function generator(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

async function main(): Promise<void> {
  const [path, passphrase, seedText] = process.argv.slice(2);
  if (!path || !passphrase) throw new Error('usage: crashWriter <store path> <passphrase> <seed>');
  const random = generator(Number(seedText ?? '1'));
  const store = await openStore({ path, passphrase });
  // Checkpoints every few pages instead of every 1000, so kills also land inside checkpoints.
  store.connection.pragma('wal_autocheckpoint = 16');
  say('READY');
  for (let n = 0; ; n += 1) {
    const team = TEAMS[Math.floor(random() * TEAMS.length)] ?? 'belgrade';
    const year = 2019 + Math.floor(random() * 6);
    const notes = 'x'.repeat(Math.floor(random() * 3000));
    const pick = random();
    if (pick < 0.5) {
      const crisis = createCrisis(store, {
        teamSlug: team,
        startedAt: `${year}-06-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}T10:00:00+02:00`,
        type: 'barricade',
        hostages: 3,
        hostagesReleased: 1,
        notes,
      });
      say(`C crisis ${crisis.id} ${crisis.reference}`);
    } else if (pick < 0.9) {
      const call = createHotlineCall(store, {
        receivedAt: `${year}-03-0${1 + Math.floor(random() * 9)}T09:00:00+01:00`,
        caller: `Caller ${n}`,
        threat: 'online_harassment',
        urgency: 'normal',
        action: 'advice_given',
        notes,
      });
      say(`C hotline ${call.id} ${call.reference}`);
    } else {
      const member = createMember(store, { teamSlug: team, name: `Member ${n}`, role: 'negotiator' });
      say(`C member ${member.id} -`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
