import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads once per change of `deps` (plain values: ids, strings, flags); stale answers are
 * dropped. While a new load runs, the previous data stays available and `loading` is true.
 */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [tick, setTick] = useState(0);
  const key = JSON.stringify([...deps, tick]);
  const [state, setState] = useState<{ key: string | null; data: T | undefined; error: unknown }>({
    key: null,
    data: undefined,
    error: null,
  });
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    let live = true;
    loadRef.current().then(
      (data) => live && setState({ key, data, error: null }),
      (error: unknown) => live && setState({ key, data: undefined, error }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const loading = state.key !== key;
  return { data: state.data, error: loading ? null : state.error, loading, reload };
}

export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Ctrl+Enter or Ctrl+S (Cmd on macOS) anywhere on the screen submits the form. */
export function useSaveShortcut(submit: () => unknown): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && (event.key === 'Enter' || event.code === 'KeyS')) {
        event.preventDefault();
        void submit();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [submit]);
}

/** The current time, re-read every `ms`. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** Counted on the first page only; null on the pages after it. */
  total: number | null;
}

export interface KeysetList<T> {
  /** Rows loaded so far, in order; rows past its length are not loaded yet. */
  rows: readonly T[];
  total: number | null;
  loading: boolean;
  error: unknown;
  /** Changes whenever rows were added (the array itself is reused). */
  version: number;
  /** Asks for rows up to this index to be loaded (keyset pages, one after another). */
  ensure: (index: number) => void;
}

const MARGIN = 60;

/**
 * Keyset paging for a virtual list: pages are fetched in order with the `after` cursor until
 * every row the viewport wants is there. A change of `key` (filters, sort) starts over.
 */
export function useKeysetList<T>(
  key: string,
  fetchPage: (after: string | null, limit: number) => Promise<Page<T>>,
): KeysetList<T> {
  const fetchRef = useRef(fetchPage);
  useEffect(() => {
    fetchRef.current = fetchPage;
  });
  const rowsRef = useRef<T[]>([]);
  const cursorRef = useRef<string | null>(null);
  const doneRef = useRef(false);
  const wantRef = useRef(0);
  const inflightRef = useRef(false);
  const generationRef = useRef(0);
  const totalRef = useRef<number | null>(null);
  // `rows` is the one growing array (copying 100,000 rows per page would cost more than the
  // page); `version` changes with every page so React renders again.
  const [view, setView] = useState<{ rows: readonly T[]; version: number; total: number | null; loading: boolean; error: unknown }>({
    rows: [],
    version: 0,
    total: null,
    loading: true,
    error: null,
  });

  const pump = useCallback(async (): Promise<void> => {
    if (inflightRef.current || doneRef.current) return;
    if (rowsRef.current.length > wantRef.current + MARGIN) return;
    const generation = generationRef.current;
    inflightRef.current = true;
    const gap = wantRef.current - rowsRef.current.length;
    const limit = gap > 400 ? 500 : gap > 100 ? 250 : 100;
    try {
      const page = await fetchRef.current(cursorRef.current, limit);
      if (generation !== generationRef.current) return;
      for (const item of page.items) rowsRef.current.push(item);
      cursorRef.current = page.nextCursor;
      doneRef.current = page.nextCursor === null;
      inflightRef.current = false;
      if (page.total !== null) totalRef.current = page.total;
      // Rows that appeared or vanished since the count: the loaded rows are the truth at the end.
      const total = doneRef.current ? rowsRef.current.length : Math.max(totalRef.current ?? 0, rowsRef.current.length);
      setView((previous) => ({ rows: rowsRef.current, version: previous.version + 1, total, loading: !doneRef.current, error: null }));
      void pump();
    } catch (error) {
      if (generation !== generationRef.current) return;
      inflightRef.current = false;
      doneRef.current = true;
      setView((previous) => ({ ...previous, loading: false, error }));
    }
  }, []);

  useEffect(() => {
    generationRef.current += 1;
    rowsRef.current = [];
    cursorRef.current = null;
    doneRef.current = false;
    wantRef.current = 0;
    inflightRef.current = false;
    totalRef.current = null;
    setView((previous) => ({ rows: rowsRef.current, version: previous.version + 1, total: null, loading: true, error: null }));
    void pump();
  }, [key, pump]);

  const ensure = useCallback(
    (index: number) => {
      if (index > wantRef.current) wantRef.current = index;
      void pump();
    },
    [pump],
  );

  return { rows: view.rows, version: view.version, total: view.total, loading: view.loading, error: view.error, ensure };
}
