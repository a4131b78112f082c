// Many short lists of integers (a figure's cells, a line's children, the figures holding a cell)
// kept in two typed arrays rather than an array each: a monthly summary has ~50,000 of each kind,
// and arrays that many would weigh several times their numbers and keep the garbage collector busy.

export interface FlatLists {
  /** List k is items[start[k]] … items[start[k + 1] − 1]. */
  start: Int32Array;
  items: Int32Array;
}

/**
 * `count` lists from the (list, item) pairs `forEachPair` passes to `add`, each list in the order
 * of its pairs. `forEachPair` runs twice: once to count the items, once to place them.
 */
export function flatLists(count: number, forEachPair: (add: (list: number, item: number) => void) => void): FlatLists {
  const start = new Int32Array(count + 1);
  forEachPair((list) => {
    start[list + 1] = (start[list + 1] as number) + 1;
  });
  for (let list = 0; list < count; list += 1) start[list + 1] = (start[list + 1] as number) + (start[list] as number);
  const items = new Int32Array(start[count] as number);
  const next = start.slice(0, count);
  forEachPair((list, item) => {
    const at = next[list] as number;
    items[at] = item;
    next[list] = at + 1;
  });
  return { start, items };
}

/** List `list` (a view into `lists`, not a copy). */
export function listOf(lists: FlatLists, list: number): Int32Array {
  return lists.items.subarray(lists.start[list], lists.start[list + 1]);
}

export function lengthOf(lists: FlatLists, list: number): number {
  return (lists.start[list + 1] as number) - (lists.start[list] as number);
}
