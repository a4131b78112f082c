// Exchange (coordinators and admins): the anonymised summary for partners (parameters, a preview
// of exactly what leaves the machine, CSV/JSON/PDF), the encrypted team bundles that gather the
// five teams' records, and the history of every file that left. Main shows the file dialogs.
import { type KeyboardEvent, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useRemembered } from '@renderer/app/memory';
import { PageHeader } from '@renderer/components/ui';
import { SummaryExportPanel } from './SummaryExportPanel';
import { BundlesPanel } from './BundlesPanel';
import { ExportHistoryPanel } from './ExportHistoryPanel';

const TABS = ['summary', 'bundles', 'history'] as const;
type Tab = (typeof TABS)[number];

export function ExchangeScreen() {
  const { t } = useTranslation();
  const ids = useId();
  const [tab, setTab] = useRemembered<Tab>('exchange.tab', 'summary');
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});

  // Arrow keys, Home and End move between the tabs (the WAI-ARIA tabs pattern, automatic activation).
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = TABS.indexOf(tab);
    const next =
      event.key === 'ArrowRight'
        ? TABS[(index + 1) % TABS.length]
        : event.key === 'ArrowLeft'
          ? TABS[(index - 1 + TABS.length) % TABS.length]
          : event.key === 'Home'
            ? TABS[0]
            : event.key === 'End'
              ? TABS[TABS.length - 1]
              : undefined;
    if (!next) return;
    event.preventDefault();
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  return (
    <div className="screen screen-exchange admin-stack">
      <PageHeader title={t('exchange.title')} subtitle={t('exchange.subtitle')} />
      <div className="tabs" role="tablist" aria-label={t('exchange.tabsLabel')} onKeyDown={onKeyDown}>
        {TABS.map((name) => (
          <button
            key={name}
            ref={(element) => {
              tabRefs.current[name] = element;
            }}
            type="button"
            role="tab"
            id={`${ids}-tab-${name}`}
            className="tab"
            aria-selected={tab === name}
            aria-controls={tab === name ? `${ids}-panel-${name}` : undefined}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
          >
            {t(`exchange.tab.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${ids}-panel-${tab}`} aria-labelledby={`${ids}-tab-${tab}`} className="tab-panel admin-stack">
        {tab === 'summary' ? <SummaryExportPanel /> : tab === 'bundles' ? <BundlesPanel /> : <ExportHistoryPanel />}
      </div>
    </div>
  );
}
