import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, LANGUAGE_NAMES, currentLanguage, isLanguage, setLanguage } from '@renderer/i18n';

export function LanguagePicker({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const value = isLanguage(i18n.language) ? i18n.language : currentLanguage();
  return (
    <div className={compact ? 'language-picker compact' : 'field'}>
      <label htmlFor={id} className={compact ? 'language-picker-label' : 'field-label'}>
        {compact ? t('settings.language') : t('settings.languageField')}
      </label>
      <select
        id={id}
        value={value}
        onChange={(event) => {
          if (isLanguage(event.target.value)) void setLanguage(event.target.value);
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </select>
    </div>
  );
}
