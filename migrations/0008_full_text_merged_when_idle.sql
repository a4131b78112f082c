-- FTS5 keeps each index as segments and merges them inside whichever commit brings a level to
-- four ('automerge'), up to 64 pages per level of the index at a time. At 1,000,000 records that
-- made one crisis in ~30 a 6-40 ms write (add a crisis: p99 30 ms against a median of 0.8 ms).
-- Commits no longer merge; the store merges in small steps once writes pause (Store, fullText.ts).
-- 'crisismerge' stays as the bound when writes never pause: 32 segments on one level are merged
-- at once, which for the small segments a burst of single writes makes is a few pages.
-- Both indexes start from one segment each (~1.5 s at 1,000,000 records).

INSERT INTO crises_fts (crises_fts, rank) VALUES ('automerge', 0);
INSERT INTO crises_fts (crises_fts, rank) VALUES ('crisismerge', 32);
INSERT INTO crises_fts (crises_fts) VALUES ('optimize');

INSERT INTO hotline_fts (hotline_fts, rank) VALUES ('automerge', 0);
INSERT INTO hotline_fts (hotline_fts, rank) VALUES ('crisismerge', 32);
INSERT INTO hotline_fts (hotline_fts) VALUES ('optimize');
