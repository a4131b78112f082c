// i18next with the three catalogues bundled (they are small); the chosen language is kept in localStorage.
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { srLatn } from './srLatn';
import { transliterateCatalogue } from './cyrillic';
import { LANGUAGES, type Language } from './types';

export { LANGUAGES, type Language };

export const catalogues = {
  'sr-Latn': srLatn,
  'sr-Cyrl': transliterateCatalogue(srLatn),
  en,
} as const;

/** Each language's own name for itself, as language pickers show them. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  'sr-Latn': 'Srpski (latinica)',
  'sr-Cyrl': 'Српски (ћирилица)',
  en: 'English',
};

const STORAGE_KEY = 'casebook.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : 'sr-Latn';
  } catch {
    return 'sr-Latn';
  }
}

export const i18n: I18n = i18next.createInstance();

export async function initI18n(): Promise<void> {
  const lng = storedLanguage();
  await i18n.use(initReactI18next).init({
    resources: {
      'sr-Latn': { translation: catalogues['sr-Latn'] },
      'sr-Cyrl': { translation: catalogues['sr-Cyrl'] },
      en: { translation: catalogues.en },
    },
    lng,
    fallbackLng: false,
    supportedLngs: [...LANGUAGES],
    // Serbian regional codes must not be shortened to "sr".
    load: 'currentOnly',
    interpolation: { escapeValue: false },
    returnNull: false,
    react: { useSuspense: false },
  });
  document.documentElement.lang = lng;
}

export async function setLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage may be unavailable; the choice then lasts for this session only.
  }
  await i18n.changeLanguage(language);
  document.documentElement.lang = language;
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'sr-Latn';
}
