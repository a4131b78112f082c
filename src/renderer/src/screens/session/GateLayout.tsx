import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '@renderer/screens/settings/LanguagePicker';

export function GateLayout({ title, intro, children }: { title: string; intro: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="gate">
      <main className="gate-card">
        <div className="gate-brand">
          <span className="brand-mark" aria-hidden="true">
            CC
          </span>
          <div>
            <div className="gate-product">{t('app.name')}</div>
            <div className="gate-tagline">{t('app.tagline')}</div>
          </div>
        </div>
        <h1 className="gate-title">{title}</h1>
        <p className="gate-intro">{intro}</p>
        {children}
        <div className="gate-footer">
          <LanguagePicker compact />
        </div>
      </main>
    </div>
  );
}
