// Types for code that runs inside the page (page.evaluate callbacks). The node TypeScript
// project has no DOM library, and should not get one; callbacks read the page's globals as
// `globalThis as unknown as Dom` instead. Type-only: nothing here runs.
export interface DomElement {
  id: string;
  tagName: string;
  textContent: string | null;
  innerText: string;
  getAttribute(name: string): string | null;
  closest(selector: string): DomElement | null;
  matches(selector: string): boolean;
  getBoundingClientRect(): { top: number; left: number };
  blur(): void;
}

export interface Dom {
  document: { activeElement: DomElement | null; body: DomElement; documentElement: { lang: string } };
  getComputedStyle(element: DomElement): { outlineStyle: string; outlineWidth: string; boxShadow: string };
}
