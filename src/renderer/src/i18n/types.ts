export interface CatalogueTree {
  readonly [key: string]: string | CatalogueTree;
}

export const LANGUAGES = ['sr-Latn', 'sr-Cyrl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
