import { expect, test } from 'vitest';
import { newTestStore } from './support/tempStore';

test('smoke', async () => {
  const { store } = await newTestStore();
  expect(store.all(store.qb.selectFrom('teams').selectAll())).toHaveLength(5);
});
