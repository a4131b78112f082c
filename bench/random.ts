// A seeded random source and the Serbian vocabulary the synthetic records are made of, so the
// plain and the encrypted store receive exactly the same records in the same order.

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** mulberry32: fast, small, good enough for test data. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Picks by weight: [[value, weight], …]. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return (choices.at(-1) as readonly [T, number])[0];
  }
}

export const MUNICIPALITIES: Record<string, readonly string[]> = {
  belgrade: ['Stari grad', 'Vračar', 'Savski venac', 'Novi Beograd', 'Zemun', 'Palilula', 'Zvezdara', 'Voždovac', 'Čukarica', 'Rakovica', 'Grocka', 'Obrenovac', 'Mladenovac', 'Surčin'],
  'novi-sad': ['Novi Sad', 'Petrovaradin', 'Sremski Karlovci', 'Futog', 'Bačka Palanka', 'Vrbas', 'Temerin', 'Bečej'],
  nis: ['Medijana', 'Palilula (Niš)', 'Pantelej', 'Crveni krst', 'Niška Banja', 'Aleksinac', 'Prokuplje', 'Leskovac'],
  kragujevac: ['Stanovo', 'Aerodrom', 'Pivara', 'Stari grad (Kragujevac)', 'Jagodina', 'Ćuprija', 'Paraćin', 'Topola'],
  kraljevo: ['Kraljevo', 'Čačak', 'Vrnjačka Banja', 'Novi Pazar', 'Kruševac', 'Trstenik', 'Raška', 'Ivanjica'],
};

export const PLACES = [
  'u stanu na trećem spratu',
  'u porodičnoj kući',
  'u prodavnici mešovite robe',
  'u poslovnici banke',
  'na krovu stambene zgrade',
  'na mostu preko Save',
  'na mostu preko Dunava',
  'u putničkom vozilu na parkingu',
  'u kafiću u centru grada',
  'u magacinu građevinskog materijala',
  'u pritvorskoj jedinici',
  'na železničkoj stanici',
  'u dvorištu osnovne škole',
  'u vikendici pored reke',
  'na benzinskoj pumpi',
];

const OPENINGS = [
  'Subjekt se zabarikadirao {place} i preti da će povrediti sebe.',
  'Muškarac srednjih godina zadržava članove porodice {place}.',
  'Osoba u akutnoj psihičkoj krizi stoji {place} i odbija kontakt sa patrolom.',
  'Prijava komšija o pucnjima {place}; subjekt ne odgovara na pozive.',
  'Pokušaj razbojništva prekinut je dolaskom patrole, a izvršilac je zadržao zaposlene {place}.',
  'Žena prijavljuje da je bivši partner upao {place} i preti nožem.',
  'Mladić je najavio samoubistvo putem društvenih mreža i nalazi se {place}.',
  'Pritvorenik je zadržao stražara {place} i traži razgovor sa advokatom.',
];

const MIDDLES = [
  'Pregovarač je uspostavio kontakt telefonom posle četrdeset minuta.',
  'Kontakt je uspostavljen licem u lice, uz prisustvo koordinatora tima.',
  'Subjekt traži da razgovara sa bratom i da mu se obezbede cigarete.',
  'Postavljen je rok do ponoći; rok je protekao bez incidenta.',
  'Ustupak: dostavljena je voda i hrana u zamenu za oslobađanje jednog taoca.',
  'Subjekt je pod uticajem alkohola i ranije je bio u kontaktu sa policijom.',
  'Porodica je pružila podatke o ranijem lečenju i terapiji.',
  'Specijalna antiteroristička jedinica bila je u pripravnosti tokom celog razgovora.',
  'Hitna pomoć i vatrogasci obezbeđivali su prostor ispred objekta.',
  'Razgovor je vođen na srpskom, uz povremeno prevođenje na mađarski jezik.',
  'Subjekt je više puta prekidao vezu, ali se svaki put ponovo javio.',
  'Izražena je zabrinutost zbog dece koja su se nalazila u susednom stanu.',
];

const ENDINGS = [
  'Subjekt se predao bez otpora i predat je dežurnom tužiocu.',
  'Svi taoci su oslobođeni neozleđeni.',
  'Osoba je odvedena na psihijatrijsku procenu u Klinički centar.',
  'Intervencija je okončana ulaskom interventne jedinice.',
  'Subjekt je pobegao kroz podrum; potraga je u toku.',
  'Pregovori su trajali nešto više od šest sati.',
  'Nakon razgovora subjekt je odustao od namere i sišao sa krova.',
];

export function crisisNotes(random: Random, place: string): string {
  const parts = [random.pick(OPENINGS).replace('{place}', place)];
  const middles = random.int(0, 3);
  for (let i = 0; i < middles; i++) parts.push(random.pick(MIDDLES));
  if (random.chance(0.8)) parts.push(random.pick(ENDINGS));
  return parts.join(' ');
}

export const LOG_TEXT: Record<string, readonly string[]> = {
  contact_established: ['Uspostavljen telefonski kontakt.', 'Kontakt licem u lice kroz vrata.', 'Javio se na bačeni telefon.'],
  demand: ['Traži automobil i slobodan prolaz.', 'Traži da razgovara sa majkom.', 'Traži prisustvo novinara.', 'Traži cigarete i vodu.'],
  deadline: ['Postavio rok do 22 časa.', 'Preti da će pucati ako policija priđe.', 'Rok od sat vremena.'],
  concession: ['Dostavljena voda.', 'Dozvoljen razgovor sa bratom.', 'Udaljeno vozilo sa ulice.'],
  release: ['Oslobođena žena sa detetom.', 'Oslobođen stariji muškarac.', 'Pušteni zaposleni iz zadnje prostorije.'],
  surrender: ['Izašao sa podignutim rukama.', 'Predao oružje pregovaraču.', 'Otvorio vrata i predao se.'],
  note: ['Koordinator obavestio tužioca.', 'Smena pregovarača.', 'Porodica stigla na lice mesta.', 'Pauza u razgovoru.'],
};

export const CALLERS = [
  'Jovana (pseudonim)', 'Marko P.', 'N. N.', 'Dragana S.', 'Milan (pseudonim)', 'Ivana K.', 'Stefan M.', 'Ana (pseudonim)',
  'Nikola R.', 'Tamara Đ.', 'Vuk (pseudonim)', 'Jelena Ž.', 'Bojan Č.', 'Milica (pseudonim)', 'Aleksandar T.',
];

export const OUTLETS = [
  'Nedeljnik Istok', 'Radio Južni talas', 'Portal Podrinje', 'Televizija Sever', 'Dnevni list Glas Šumadije',
  'Istraživačka mreža Ravnica', 'Radio Morava', 'Portal Ibar', 'Nezavisni novinar', 'Magazin Vidik',
];

const CALL_NOTES = [
  'Novinarka je dobila pretnje smrću nakon objavljenog teksta o lokalnim tenderima.',
  'Nepoznata osoba prati novinara od redakcije do kuće već treći dan.',
  'Uvrede i pretnje na društvenim mrežama posle izveštaja sa protesta.',
  'Fizički napad ispred zgrade suda; novinar je zbrinut u hitnoj pomoći.',
  'Zaplenjena oprema tokom snimanja; policija je obaveštena.',
  'Pretnje tužbom zbog istraživačke priče o privatizaciji.',
  'Oštećen automobil urednika portala; podneta krivična prijava.',
  'Sumnja na praćenje telefona; upućena na pravnu i digitalnu pomoć.',
  'Pozvana je u policiju na informativni razgovor bez navedenog razloga.',
  'Ekipa je sprečena da snima sednicu opštinskog veća.',
];

export function callNotes(random: Random): string {
  const parts = [random.pick(CALL_NOTES)];
  if (random.chance(0.5)) parts.push(random.pick(CALL_NOTES));
  return parts.join(' ');
}

export const NEGOTIATORS = [
  'Jelena Ilić', 'Marko Jovanović', 'Ana Petrović', 'Nenad Stojanović', 'Ivana Nikolić', 'Dejan Marković', 'Milica Đorđević',
  'Stefan Pavlović', 'Tijana Savić', 'Vladimir Kostić', 'Sanja Popović', 'Goran Lazić', 'Jovana Ristić', 'Uroš Milić',
];

/** Words a person would search for, from common to rare in the generated notes. */
export const SEARCH_TERMS = { common: 'pregovarač', medium: 'taoci oslobođeni', rare: 'mađarski' } as const;
