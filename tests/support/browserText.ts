// The UI's own words, read from the message catalogues, so tests never hard-code a translation.
// The renderer's modules belong to the web TypeScript project, so they are loaded at run time
// here (same files, same code) rather than compiled into the node project.
import { resolve } from 'node:path';

export interface CatalogueTree {
  readonly [key: string]: string | CatalogueTree;
}

interface CyrillicModule {
  toCyrillic(text: string): string;
  hasSplitDigraph(text: string): boolean;
  transliterateCatalogue(tree: CatalogueTree): CatalogueTree;
}

async function rendererModule<T>(path: string): Promise<T> {
  return (await import(/* @vite-ignore */ resolve('src/renderer/src', path))) as T;
}

export const cyrillic = await rendererModule<CyrillicModule>('i18n/cyrillic.ts');
const { srLatn } = await rendererModule<{ srLatn: CatalogueTree }>('i18n/srLatn.ts');
const { en } = await rendererModule<{ en: CatalogueTree }>('i18n/en.ts');
export const { VALIDATION_KEYS } = await rendererModule<{ VALIDATION_KEYS: readonly string[] }>('lib/validation.ts');

export const CATALOGUES: Record<'sr-Latn' | 'sr-Cyrl' | 'en', CatalogueTree> = {
  'sr-Latn': srLatn,
  'sr-Cyrl': cyrillic.transliterateCatalogue(srLatn),
  en,
};

/** A catalogue string by dotted key, with {{placeholders}} filled in. */
export function text(key: string, values: Record<string, string | number> = {}, language: keyof typeof CATALOGUES = 'sr-Latn'): string {
  let node: string | CatalogueTree | undefined = CATALOGUES[language];
  for (const part of key.split('.')) {
    node = typeof node === 'object' ? node[part] : undefined;
  }
  if (typeof node !== 'string') throw new Error(`No catalogue string ${key} in ${language}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? `{{${name}}}`));
}

/** Every leaf of a catalogue as [dotted key, string]. */
export function leaves(tree: CatalogueTree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`),
  );
}
