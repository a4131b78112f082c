// Serbian Cyrillic, produced from the Latin catalogue. Serbian's two scripts map one to one
// (lj → љ, nj → њ, dž → џ are single letters); interpolation placeholders, the product name and
// key names such as Ctrl stay as written.
import { hasSplitDigraph, latinToCyrillic } from '@shared/cyrillic';
import type { CatalogueTree } from './types';

/** Kept in Latin script: placeholders, the product's name, file formats, spreadsheet column names (snake_case), keyboard key names. */
const KEEP =
  /(\{\{[^}]*\}\}|Crisis Casebook|\bSOS\b|\bCSV\b|\bExcel\b|\.xlsx\b|\bUTF-(?:8|16)\b|\bWindows-1250\b|\b[a-z]+(?:_[a-z]+)+\b|\b(?:Ctrl|Alt|Shift)(?:[+ ](?:[A-Z]\b|\d|Enter|Esc|Tab))*|\bEnter\b|\bEsc\b|\bTab\b)/u;

export { hasSplitDigraph };

export function toCyrillic(text: string): string {
  return text
    .split(KEEP)
    .map((part, index) => (index % 2 === 1 ? part : latinToCyrillic(part)))
    .join('');
}

export function transliterateCatalogue<T extends CatalogueTree>(tree: T): CatalogueTree {
  const out: Record<string, string | CatalogueTree> = {};
  for (const [key, value] of Object.entries(tree)) {
    out[key] = typeof value === 'string' ? toCyrillic(value) : transliterateCatalogue(value);
  }
  return out;
}
