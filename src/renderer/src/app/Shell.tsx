// The unlocked application: sidebar navigation, the current screen, idle lock and shortcuts.
import { type JSX, Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Kbd, Loading } from '@renderer/components/ui';
import {
  IconAccounts,
  IconAudit,
  IconBackups,
  IconCrises,
  IconDashboard,
  IconExchange,
  IconHotline,
  IconImport,
  IconLock,
  IconSettings,
  IconTeams,
} from '@renderer/components/icons';
import { CrisisList } from '@renderer/screens/crises/CrisisList';
import { CrisisView } from '@renderer/screens/crises/CrisisView';
import { CrisisFormScreen } from '@renderer/screens/crises/CrisisForm';
import { HotlineList } from '@renderer/screens/hotline/HotlineList';
import { HotlineFormScreen } from '@renderer/screens/hotline/HotlineForm';
import { TeamsScreen } from '@renderer/screens/teams/TeamsScreen';
import { SettingsScreen } from '@renderer/screens/settings/SettingsScreen';
import { AccountsScreen } from '@renderer/screens/admin/AccountsScreen';
import { AuditScreen } from '@renderer/screens/admin/AuditScreen';
import { BackupsScreen } from '@renderer/screens/admin/BackupsScreen';
import { ExchangeScreen } from '@renderer/screens/exchange/ExchangeScreen';
import { ImportScreen } from '@renderer/screens/imports/ImportScreen';
import { type AdminSection, type Route, type Section, ADMIN_SECTIONS, NavigationContext, SECTIONS, adminSectionsFor, sectionOf } from './navigation';
import { AnnounceContext, MemoryContext } from './memory';
import { readAutoLockMinutes, useSession } from './session';

const Dashboard = lazy(() => import('@renderer/screens/dashboard/Dashboard'));
const MemberRecordScreen = lazy(() => import('@renderer/screens/teams/MemberRecord'));

const SECTION_ICONS: Record<Section, () => JSX.Element> = {
  crises: IconCrises,
  hotline: IconHotline,
  dashboard: IconDashboard,
  teams: IconTeams,
  settings: IconSettings,
  accounts: IconAccounts,
  audit: IconAudit,
  backups: IconBackups,
  exchange: IconExchange,
  import: IconImport,
};

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'crises':
      return <CrisisList />;
    case 'crisis':
      return <CrisisView key={route.id} id={route.id} />;
    case 'crisisNew':
      return <CrisisFormScreen />;
    case 'crisisEdit':
      return <CrisisFormScreen key={route.id} id={route.id} />;
    case 'hotline':
      return <HotlineList />;
    case 'hotlineNew':
      return <HotlineFormScreen />;
    case 'hotlineCall':
      return <HotlineFormScreen key={route.id} id={route.id} />;
    case 'dashboard':
      return (
        <Suspense fallback={<Loading />}>
          <Dashboard />
        </Suspense>
      );
    case 'teams':
      return <TeamsScreen />;
    case 'member':
      return (
        <Suspense fallback={<Loading />}>
          <MemberRecordScreen key={route.id} id={route.id} />
        </Suspense>
      );
    case 'settings':
      return <SettingsScreen />;
    case 'accounts':
      return <AccountsScreen />;
    case 'audit':
      return <AuditScreen />;
    case 'backups':
      return <BackupsScreen />;
    case 'exchange':
      return <ExchangeScreen />;
    case 'import':
      return <ImportScreen />;
  }
}

function isAdminRoute(route: Route): route is Extract<Route, { name: AdminSection }> {
  return (ADMIN_SECTIONS as readonly string[]).includes(route.name);
}

function useIdleLock(onIdle: () => void) {
  const [minutes, setMinutes] = useState(readAutoLockMinutes);
  const lastActivity = useRef(0);
  const onIdleRef = useRef(onIdle);
  useEffect(() => {
    onIdleRef.current = onIdle;
  });
  useEffect(() => {
    const changed = () => setMinutes(readAutoLockMinutes());
    window.addEventListener('casebook:autolock-changed', changed);
    return () => window.removeEventListener('casebook:autolock-changed', changed);
  }, []);
  useEffect(() => {
    const touch = () => {
      lastActivity.current = Date.now();
    };
    touch();
    const events = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'focusin'] as const;
    for (const name of events) window.addEventListener(name, touch, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      if (Date.now() - lastActivity.current >= minutes * 60_000) onIdleRef.current();
    }, 5_000);
    return () => {
      for (const name of events) window.removeEventListener(name, touch, { capture: true });
      window.clearInterval(timer);
    };
  }, [minutes]);
}

export function Shell() {
  const { t } = useTranslation();
  const session = useSession();
  const [route, setRoute] = useState<Route>({ name: 'crises' });
  const memory = useMemo(() => new Map<string, unknown>(), []);
  const [announcement, setAnnouncement] = useState('');
  const mainRef = useRef<HTMLElement>(null);
  const section = sectionOf(route);
  // Administration entries only for a role main would let through (main checks every call anyway).
  const adminSections = useMemo<readonly AdminSection[]>(() => adminSectionsFor(session.role), [session.role]);
  const adminRef = useRef(adminSections);
  useEffect(() => {
    adminRef.current = adminSections;
  });

  const navigate = useCallback((next: Route) => {
    setRoute(next);
  }, []);
  const navigation = useMemo(() => ({ route, navigate }), [route, navigate]);
  const announce = useCallback((message: string) => {
    setAnnouncement('');
    window.requestAnimationFrame(() => setAnnouncement(message));
  }, []);

  useIdleLock(() => session.lock('idle'));

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const digit = /^Digit([1-9])$/.exec(event.code);
      if (digit && !event.shiftKey) {
        const index = Number(digit[1]) - 1;
        const target = index < SECTIONS.length ? SECTIONS[index] : adminRef.current[index - SECTIONS.length];
        if (!target) return;
        event.preventDefault();
        setRoute({ name: target } as Route);
        return;
      }
      if (event.code === 'KeyN' && !event.shiftKey) {
        event.preventDefault();
        setRoute((current) => (sectionOf(current) === 'hotline' ? { name: 'hotlineNew' } : { name: 'crisisNew' }));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <NavigationContext.Provider value={navigation}>
      <MemoryContext.Provider value={memory}>
        <AnnounceContext.Provider value={announce}>
          <div className="shell">
            <a
              href="#main"
              className="skip-link"
              onClick={(event) => {
                event.preventDefault();
                mainRef.current?.focus();
              }}
            >
              {t('app.skipToContent')}
            </a>
            <aside className="sidebar">
              <div className="brand">
                <span className="brand-mark" aria-hidden="true">
                  CC
                </span>
                <span className="brand-text">
                  <span className="brand-name">{t('app.name')}</span>
                  <span className="brand-tagline">{t('app.tagline')}</span>
                </span>
              </div>
              <nav aria-label={t('nav.label')}>
                <ul className="nav-list">
                  {SECTIONS.map((name, index) => {
                    const SectionIcon = SECTION_ICONS[name];
                    return (
                      <li key={name}>
                        <button
                          type="button"
                          className="nav-item"
                          aria-current={section === name ? 'page' : undefined}
                          aria-keyshortcuts={`Control+${index + 1}`}
                          onClick={() => navigate({ name } as Route)}
                        >
                          <SectionIcon />
                          <span className="nav-label">{t(`nav.${name}`)}</span>
                          <span className="nav-shortcut" aria-hidden="true">
                            Ctrl {index + 1}
                          </span>
                        </button>
                      </li>
                    );
                  })}
                </ul>
                {adminSections.length ? (
                  <>
                    <h2 className="nav-group" id="nav-admin">
                      {t('nav.admin')}
                    </h2>
                    <ul className="nav-list nav-list-group" aria-labelledby="nav-admin">
                      {adminSections.map((name, index) => {
                        const SectionIcon = SECTION_ICONS[name];
                        const key = SECTIONS.length + index + 1;
                        return (
                          <li key={name}>
                            <button
                              type="button"
                              className="nav-item"
                              aria-current={section === name ? 'page' : undefined}
                              aria-keyshortcuts={key <= 9 ? `Control+${key}` : undefined}
                              onClick={() => navigate({ name })}
                            >
                              <SectionIcon />
                              <span className="nav-label">{t(`nav.${name}`)}</span>
                              {key <= 9 ? (
                                <span className="nav-shortcut" aria-hidden="true">
                                  Ctrl {key}
                                </span>
                              ) : null}
                            </button>
                          </li>
                        );
                      })}
                    </ul>
                  </>
                ) : null}
              </nav>
              <div className="sidebar-footer">
                <div className="sidebar-user">
                  <span className="sidebar-user-label">{t('nav.signedInAs')}</span>
                  <span className="sidebar-user-name">{session.userName}</span>
                  {session.role ? (
                    <span className="sidebar-user-role" data-testid="signed-in-role">
                      {t(`accountRole.${session.role}`)}
                      {session.teamSlug ? ` · ${t(`team.${session.teamSlug}`)}` : ''}
                    </span>
                  ) : null}
                </div>
                <button
                  type="button"
                  className="btn btn-lock"
                  onClick={() => session.lock('manual')}
                  aria-keyshortcuts="Control+L"
                >
                  <IconLock />
                  {t('nav.lock')}
                  <Kbd>Ctrl L</Kbd>
                </button>
              </div>
            </aside>
            <main id="main" ref={mainRef} tabIndex={-1} className="main">
              <Screen route={isAdminRoute(route) && !adminSections.includes(route.name) ? { name: 'crises' } : route} />
            </main>
            <div className="sr-only" role="status" aria-live="polite">
              {announcement}
            </div>
          </div>
        </AnnounceContext.Provider>
      </MemoryContext.Provider>
    </NavigationContext.Provider>
  );
}
