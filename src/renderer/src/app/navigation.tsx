// In-app navigation: a route value in state (no URLs: the app is one window with no history to deep-link).
import { createContext, useContext } from 'react';
import type { AccountRole } from '@shared/accounts';
import type { ChannelName } from '@shared/channels';
import { roleMayCall } from '@shared/permissions';

export type Route =
  | { name: 'crises' }
  | { name: 'crisis'; id: string }
  | { name: 'crisisNew' }
  | { name: 'crisisEdit'; id: string }
  | { name: 'hotline' }
  | { name: 'hotlineNew' }
  | { name: 'hotlineCall'; id: string }
  | { name: 'dashboard' }
  | { name: 'teams' }
  | { name: 'member'; id: string }
  | { name: 'settings' }
  | { name: 'accounts' }
  | { name: 'audit' }
  | { name: 'backups' }
  | { name: 'exchange' }
  | { name: 'import' };

export type WorkSection = 'crises' | 'hotline' | 'dashboard' | 'teams' | 'settings';
export type AdminSection = 'accounts' | 'audit' | 'backups' | 'exchange' | 'import';
export type Section = WorkSection | AdminSection;

export const SECTIONS: readonly WorkSection[] = ['crises', 'hotline', 'dashboard', 'teams', 'settings'];

/**
 * Administration: shown only to a role that may call the screen's channel (Ctrl+6…9, in this
 * order among those shown). 'exchange' (anonymised summaries, team bundles) and 'import'
 * (spreadsheets) are for coordinators too; an admin's fifth has no digit left.
 */
export const ADMIN_SECTIONS: readonly AdminSection[] = ['accounts', 'audit', 'backups', 'exchange', 'import'];
export const ADMIN_CHANNEL = {
  accounts: 'accounts.list',
  audit: 'audit.list',
  backups: 'backups.list',
  exchange: 'export.preview',
  import: 'imports.open',
} as const satisfies Record<AdminSection, ChannelName>;

/** The administration screens a role may open, in the order of their shortcuts. */
export function adminSectionsFor(role: AccountRole | null): readonly AdminSection[] {
  return ADMIN_SECTIONS.filter((name) => roleMayCall(role, ADMIN_CHANNEL[name]));
}

export function sectionOf(route: Route): Section {
  switch (route.name) {
    case 'crises':
    case 'crisis':
    case 'crisisNew':
    case 'crisisEdit':
      return 'crises';
    case 'hotline':
    case 'hotlineNew':
    case 'hotlineCall':
      return 'hotline';
    case 'member':
      return 'teams';
    default:
      return route.name;
  }
}

export interface Navigation {
  route: Route;
  navigate: (route: Route) => void;
}

export const NavigationContext = createContext<Navigation | null>(null);

export function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext);
  if (!navigation) throw new Error('useNavigation outside the shell');
  return navigation;
}
