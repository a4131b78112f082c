// Serbian Cyrillic, produced from the Latin catalogue. Serbian's two scripts map one to one
// (lj → љ, nj → њ, dž → џ are single letters); interpolation placeholders, the product name and
// key names such as Ctrl stay as written.
import type { CatalogueTree } from './types';

const LETTERS: Record<string, string> = {
  a: 'а', b: 'б', c: 'ц', č: 'ч', ć: 'ћ', d: 'д', đ: 'ђ', e: 'е', f: 'ф', g: 'г', h: 'х', i: 'и',
  j: 'ј', k: 'к', l: 'л', m: 'м', n: 'н', o: 'о', p: 'п', r: 'р', s: 'с', š: 'ш', t: 'т', u: 'у',
  v: 'в', z: 'з', ž: 'ж',
};
const DIGRAPHS: Record<string, string> = { lj: 'љ', nj: 'њ', dž: 'џ' };

/** Words in which lj, nj or dž are two letters, not one (nad-živeti, in-jekcija, kon-junkcija). */
const SPLIT_DIGRAPHS = [/nadž/giu, /podž/giu, /injek/giu, /konjunk/giu, /vanjez/giu];

/** Kept in Latin script: placeholders, the product's name, keyboard key names. */
const KEEP =
  /(\{\{[^}]*\}\}|Crisis Casebook|\bSOS\b|\b(?:Ctrl|Alt|Shift)(?:[+ ](?:[A-Z]\b|\d|Enter|Esc|Tab))*|\bEnter\b|\bEsc\b|\bTab\b)/u;

/** True when the text holds a word this transliteration would get wrong (checked by a test). */
export function hasSplitDigraph(text: string): boolean {
  return SPLIT_DIGRAPHS.some((pattern) => {
    pattern.lastIndex = 0;
    return pattern.test(text);
  });
}

function transliterateRun(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const pair = text.slice(i, i + 2);
    const lowerPair = pair.toLowerCase();
    const digraph = DIGRAPHS[lowerPair];
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

export function toCyrillic(text: string): string {
  return text
    .split(KEEP)
    .map((part, index) => (index % 2 === 1 ? part : transliterateRun(part)))
    .join('');
}

export function transliterateCatalogue<T extends CatalogueTree>(tree: T): CatalogueTree {
  const out: Record<string, string | CatalogueTree> = {};
  for (const [key, value] of Object.entries(tree)) {
    out[key] = typeof value === 'string' ? toCyrillic(value) : transliterateCatalogue(value);
  }
  return out;
}
