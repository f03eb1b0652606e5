/**
 * The generated graph's rows (src/seed/rows.ts), which both loaders write as they are: the
 * derived values they carry, and the CSV form the offline importer reads
 * (scripts/dataset/csv.ts). Whether both loaders store the same graph from them takes two
 * databases: scripts/dataset/compare.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvFile, csvField } from '../../scripts/dataset/csv.js';
import { PLACE_SCALE } from '../../src/graph/comments.js';
import { graphRows, PAIR_TYPES } from '../../src/seed/rows.js';

const options = { users: 300, seed: 7, passwordHash: 'hash', now: new Date(Date.UTC(2026, 0, 1)) };

/** Reads every phase in order, as a loader does. */
function readAll(seed = options.seed) {
  const graph = graphRows({ ...options, seed });
  const users = graph.userRows();
  const credit = graph.creditRows();
  const interests = graph.interestRows();
  const members = graph.memberRows();
  const pairs = Object.fromEntries(PAIR_TYPES.map((type) => [type, graph.pairRows(type)]));
  const posts = [...graph.postRows()];
  return { graph, users, credit, interests, members, pairs, posts };
}

describe('generated rows', () => {
  const all = readAll();

  it('are the same for the same seed, and differ for another', () => {
    expect(JSON.stringify(readAll())).toBe(JSON.stringify(all));
    expect(readAll(8).users[0]!.id).not.toBe(all.users[0]!.id);
  });

  it("give each scored person the latest credit record's score and time, and nobody else one", () => {
    const latest = new Map(all.credit.map((r) => [r.userId, r]));
    for (const u of all.users) {
      const record = latest.get(u.id);
      expect([u.creditScore, u.creditObservedAt, u.creditRecordedBy]).toEqual(record ? [record.score, record.observedAt, 'seed'] : [null, null, null]);
    }
    expect(all.users.some((u) => u.creditScore === null)).toBe(true);
  });

  it("carry each person's band on their interests, since they joined", () => {
    const byId = new Map(all.users.map((u) => [u.id, u]));
    for (const r of all.interests) expect([r.band, r.since]).toEqual([byId.get(r.u)!.visibleBand, byId.get(r.u)!.createdAt]);
  });

  it('record consent to disclosure exactly in credit-gated circles', () => {
    const gated = new Map(all.graph.circles.map((c) => [c.id, c.minCreditScore !== null]));
    for (const m of all.members) expect(m.disclosureAcknowledgedAt).toBe(gated.get(m.c) ? m.joinedAt : null);
    expect(all.members.some((m) => m.disclosureAcknowledgedAt !== null)).toBe(true);
  });

  it("keep each post's counts and each comment's place as addComment and react keep them", () => {
    expect(all.posts).toHaveLength(all.graph.postCount);
    for (const p of all.posts) {
      expect(p.commentCount).toBe(p.comments.length);
      expect(p.reactionCounts.reduce((a, b) => a + b, 0)).toBe(p.reactions.length);
      for (const k of p.comments) {
        expect(k.place).toBe(k.thread * PLACE_SCALE + k.reply);
        expect(k.idempotencyKey).toBe(`seed:${k.id}`);
        const replies = p.comments.filter((r) => r.parentId === k.id).length;
        if (k.parentId === null) expect(k.liveReplies).toBe(replies);
      }
    }
    expect(all.posts.some((p) => p.comments.some((k) => k.parentId !== null))).toBe(true);
  });
});

describe('CSV for the offline importer', () => {
  it('quotes strings (doubling quotes), leaves a missing value empty, joins arrays with ;', () => {
    expect(csvField('Real names, good "manners"')).toBe('"Real names, good ""manners"""');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField([3, 0, 1])).toBe('3;0;1');
    expect(csvField(false)).toBe('false');
    expect(csvField(0.25)).toBe('0.25');
  });

  it('writes a header of typed columns, then a row each', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'quanzi-csv-test-'));
    try {
      const file = new CsvFile<{ id: string; n: number | null }>(path.join(dir, 'x.csv'), [['id:ID(X)', (r) => r.id], ['n:long', (r) => r.n]]);
      file.write({ id: 'a', n: 1 });
      file.write({ id: 'b', n: null });
      file.close();
      expect(readFileSync(file.file, 'utf8')).toBe('id:ID(X),n:long\n"a",1\n"b",\n');
      expect(file.count).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
