// A member's name or call sign as the import matches it: trimmed, case-insensitive. Used by the
// reading thread (in the import key) and the writer (MemberDirectory), so kept free of the store.
/** Locale-aware lower case is slow and names repeat on every row; bounded, so it cannot grow without end. */
const keys = new Map<string, string>();

export function memberKey(nameOrCallSign: string): string {
  let key = keys.get(nameOrCallSign);
  if (key === undefined) {
    key = nameOrCallSign.trim().toLocaleLowerCase('sr');
    if (keys.size >= 10_000) keys.clear();
    keys.set(nameOrCallSign, key);
  }
  return key;
}
