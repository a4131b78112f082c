// Serbian Latin to Cyrillic. The two scripts map one to one (lj → љ, nj → њ, dž → џ are single
// letters), so the UI's Cyrillic catalogue and the Cyrillic PDF report are both made from Latin.

const LETTERS: Record<string, string> = {
  a: 'а', b: 'б', c: 'ц', č: 'ч', ć: 'ћ', d: 'д', đ: 'ђ', e: 'е', f: 'ф', g: 'г', h: 'х', i: 'и',
  j: 'ј', k: 'к', l: 'л', m: 'м', n: 'н', o: 'о', p: 'п', r: 'р', s: 'с', š: 'ш', t: 'т', u: 'у',
  v: 'в', z: 'з', ž: 'ж',
};
const DIGRAPHS: Record<string, string> = { lj: 'љ', nj: 'њ', dž: 'џ' };

/** Words in which lj, nj or dž are two letters, not one (nad-živeti, in-jekcija, kon-junkcija). */
const SPLIT_DIGRAPHS = [/nadž/giu, /podž/giu, /injek/giu, /konjunk/giu, /vanjez/giu];

/** True when the text holds a word this transliteration would get wrong (checked by a test). */
export function hasSplitDigraph(text: string): boolean {
  return SPLIT_DIGRAPHS.some((pattern) => {
    pattern.lastIndex = 0;
    return pattern.test(text);
  });
}

/** Transliterates every letter of `text`; callers split off what must stay in Latin. */
export function latinToCyrillic(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const pair = text.slice(i, i + 2);
    const digraph = DIGRAPHS[pair.toLowerCase()];
    if (digraph) {
      const first = pair[0] ?? '';
      out += first === first.toLowerCase() ? digraph : digraph.toUpperCase();
      i += 1;
      continue;
    }
    const ch = text[i] ?? '';
    const lower = ch.toLowerCase();
    const mapped = LETTERS[lower];
    if (mapped === undefined) out += ch;
    else out += ch === lower ? mapped : mapped.toUpperCase();
  }
  return out;
}
