// In-app navigation: a route value in state (no URLs: the app is one window with no history to deep-link).
import { createContext, useContext } from 'react';

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
  | { name: 'settings' };

export type Section = 'crises' | 'hotline' | 'dashboard' | 'teams' | 'settings';

export const SECTIONS: readonly Section[] = ['crises', 'hotline', 'dashboard', 'teams', 'settings'];

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
