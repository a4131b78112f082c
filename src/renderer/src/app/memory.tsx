// State that outlives a screen but not the session: list filters and sort survive opening a
// record and coming back. It lives in the shell, so locking (which unmounts the shell) drops it.
import { type Dispatch, type SetStateAction, createContext, useCallback, useContext, useState } from 'react';

export const MemoryContext = createContext<Map<string, unknown> | null>(null);

export function useRemembered<T>(key: string, initial: T): [T, Dispatch<SetStateAction<T>>] {
  const memory = useContext(MemoryContext);
  const [value, setValue] = useState<T>(() => (memory?.has(key) ? (memory.get(key) as T) : initial));
  const set = useCallback<Dispatch<SetStateAction<T>>>(
    (next) => {
      setValue((previous) => {
        const resolved = typeof next === 'function' ? (next as (p: T) => T)(previous) : next;
        memory?.set(key, resolved);
        return resolved;
      });
    },
    [key, memory],
  );
  return [value, set];
}

export const AnnounceContext = createContext<(message: string) => void>(() => undefined);

export function useAnnounce(): (message: string) => void {
  return useContext(AnnounceContext);
}
