/**
 * reportContent is rate-limited per reporter: each report lands in a moderator's queue, so
 * one person may not bury the real ones under a script's. The refused report is not filed.
 */
import { describe, expect, it } from 'vitest';
import { ReportContentDocument } from '../../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../../helpers/circles.js';
import { errorCodes, ok } from '../../helpers/client.js';
import { signUp } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const limited = serverForTests({ REPORTS_PER_USER_PER_HOUR: '2' });

describe('reportContent rate limit', () => {
  it('refuses a third report within the hour with RATE_LIMITED and retryAfterSeconds, and files nothing', async () => {
    const owner = await signUp(limited.client, 'owner');
    const reporter = await signUp(limited.client, 'reporter');
    const slug = await foundCircle(limited, owner, 'reported');
    await joinCircle(limited, reporter, slug);
    const posts = await Promise.all([1, 2, 3].map((n) => writePost(limited, owner, slug, `post ${n}`)));
    const report = (subjectId: string) => limited.client.request(ReportContentDocument, { input: { subjectId, reason: 'SPAM' } }, { token: reporter.token });
    await ok(report(posts[0]!.id));
    await ok(report(posts[1]!.id));
    const third = await report(posts[2]!.id);
    expect(errorCodes(third)).toEqual(['RATE_LIMITED']);
    expect(third.errors![0]!.message).toMatch(/too many reports/);
    const retry = third.errors![0]!.extensions!.retryAfterSeconds as number;
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(3600);
    const filed = await limited.database
      .forRequest()
      .read((q) => q.one<{ n: number }>('MATCH (r:Report) WHERE r.subjectId IN $ids RETURN count(r) AS n', { ids: posts.map((p) => p.id) }));
    expect(Number(filed!.n)).toBe(2);
    // Another person is counted apart.
    const other = await signUp(limited.client, 'other');
    await joinCircle(limited, other, slug);
    await ok(limited.client.request(ReportContentDocument, { input: { subjectId: posts[2]!.id, reason: 'SPAM' } }, { token: other.token }));
  });
});
