/**
 * docs/privacy.md, rendered from the disclosure policy itself (src/privacy/), so the
 * tables cannot drift from the code: `npm run privacy:doc` writes it, and
 * test/unit/privacy-doc.test.ts fails when the committed file differs.
 */
import { Role, type Principal } from '../../src/auth/roles.js';
import { hiddenAsNonexistent } from '../../src/privacy/blocks.js';
import { ScoreVisibility } from '../../src/privacy/credit-bands.js';
import { strangerBandRank, visibleCredit, type Relation } from '../../src/privacy/credit-visibility.js';
import { vouchVisible, VouchVisibility } from '../../src/privacy/vouch-visibility.js';

export const PRIVACY_DOC = 'docs/privacy.md';

const SUBJECT = 'subject';
const person = (id: string): Principal => ({ kind: 'user', id, roles: [Role.USER] });
const service = (role: Role): Principal => ({ kind: 'service', id: `service:${role}`, roles: [role] });
const relation = (extra: Partial<Relation> = {}): Relation => ({
  id: SUBJECT,
  connected: false,
  blocking: false,
  blockedBy: false,
  requested: false,
  incoming: false,
  ...extra,
});

/** Every relation a viewer can stand in to the person whose data it is. */
const VIEWERS: Array<{ name: string; viewer: Principal | null; relation: Relation | null }> = [
  { name: 'themselves', viewer: person(SUBJECT), relation: null },
  { name: 'a connection', viewer: person('viewer'), relation: relation({ connected: true }) },
  { name: 'a stranger', viewer: person('viewer'), relation: relation() },
  { name: 'a stranger with a pending request', viewer: person('viewer'), relation: relation({ requested: true }) },
  { name: 'someone they blocked', viewer: person('viewer'), relation: relation({ blockedBy: true }) },
  { name: 'someone who blocked them', viewer: person('viewer'), relation: relation({ blocking: true }) },
  { name: 'a credit bureau (of a score it did not record; it reads back its own)', viewer: service(Role.CREDIT_BUREAU), relation: null },
  { name: 'the identity verifier', viewer: service(Role.IDENTITY_VERIFIER), relation: null },
  { name: 'trust and safety', viewer: service(Role.TRUST_AND_SAFETY), relation: null },
  { name: 'nobody signed in', viewer: null, relation: null },
];

const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

function creditTable(): string {
  const choices = Object.values(ScoreVisibility);
  const cell = (choice: ScoreVisibility, viewer: (typeof VIEWERS)[number]) => {
    const { score, band } = visibleCredit({ id: SUBJECT, creditScore: 712, scoreVisibility: choice }, viewer.viewer, viewer.relation);
    return score !== null ? 'score and band' : band !== null ? 'band' : '—';
  };
  return table(
    ['The viewer is…', ...choices.map((c) => `\`${c}\``)],
    VIEWERS.map((viewer) => [viewer.name, ...choices.map((choice) => cell(choice, viewer))]),
  );
}

function rankingTable(): string {
  return table(
    ['Choice', 'Ranked by (what strangers see)'],
    Object.values(ScoreVisibility).map((choice) => {
      const rank = strangerBandRank({ creditScore: 712, scoreVisibility: choice });
      return [`\`${choice}\``, rank < 0 ? 'no band: ranked after every band, as a missing score is' : 'their band'];
    }),
  );
}

function vouchTable(): string {
  const choices = Object.values(VouchVisibility);
  const viewers: Array<[string, { viewerId: string | null; connected?: boolean; blocked?: boolean }]> = [
    ['the giver', { viewerId: 'giver' }],
    ['the person vouched for', { viewerId: 'receiver' }],
    ["the giver's connection", { viewerId: 'viewer', connected: true }],
    ['a stranger', { viewerId: 'viewer' }],
    ['someone with a block between them and either end', { viewerId: 'viewer', connected: true, blocked: true }],
    ['a service, or nobody signed in', { viewerId: null }],
  ];
  const cell = (giverChoice: VouchVisibility, v: (typeof viewers)[number][1]) =>
    vouchVisible({
      viewerId: v.viewerId,
      giverId: 'giver',
      receiverId: 'receiver',
      giverChoice,
      viewerConnectedToGiver: v.connected ?? false,
      blockedEither: v.blocked ?? false,
    })
      ? 'sees it'
      : '—';
  return table(['The viewer is…', ...choices.map((c) => `\`${c}\``)], viewers.map(([name, v]) => [name, ...choices.map((c) => cell(c, v))]));
}

function blockTable(): string {
  const cases: Array<[string, boolean, boolean]> = [
    ['nobody blocked anybody', false, false],
    ['the person blocked the viewer', false, true],
    ['the viewer blocked the person', true, false],
    ['both blocked each other', true, true],
  ];
  return table(
    ['Between the viewer and a person', 'To the viewer, the person is'],
    cases.map(([name, blocking, blockedBy]) => [
      name,
      hiddenAsNonexistent({ blocking, blockedBy }) ? 'a handle nobody has' : blocking || blockedBy ? 'found by handle, left out of every list' : 'there',
    ]),
  );
}

const SURFACES = table(
  ['Surface', 'Rule that decides it'],
  [
    ['`User.creditScore`, `User.creditBand`', 'who sees a score (table 1)'],
    ['`User.scoreVisibility`, `creditHistory`, `vouchVisibility`, `disclosures`', 'the person alone'],
    ['`strangerRecommendations` order and `minCreditBand`', 'the band strangers see (table 2); never the exact score'],
    ['`Circle.members`, `User.circles`, `Circle.memberCount`, shared circles', 'membership of a credit-gated circle is shown only with its member\'s consent (`acknowledgeDisclosure`)'],
    ['`trustsGiven`, `trustsReceived`, their counts, `trustPath`, `mutualTrustCount`, ranking relevance', 'who sees a vouch (table 3)'],
    ['`user(handle)` and every request naming a person by handle', 'the block rule (table 4)'],
    ['`banMember`, `unbanMember`, `setMemberRole`', 'the one exception: a moderator acting on their own circle finds its members and banned people whatever their blocks (a block must not shield anyone from moderation)'],
    ['feeds, circle posts, member lists, trust lists, recommendations, icebreakers, live events', 'people with a block between them in either direction never see each other'],
  ],
);

export function renderPrivacyDoc(): string {
  return `# What each surface reveals

Generated from the disclosure policy (\`src/privacy/\`) by \`npm run privacy:doc\`; do not
edit. A test fails when this file and the code disagree. The promise behind every table:
two graphs that differ only in something an owner hid give every other viewer the same
answers (test/privacy/ checks it over the whole schema).

## 1. Who sees a credit score

Rows are how the viewer stands to the person; columns are the person's \`scoreVisibility\`
(a score of 712 on record).

${creditTable()}

## 2. What stranger rankings use

${rankingTable()}

## 3. Who sees a vouch

Columns are the giver's \`vouchVisibility\`. Every surface that walks vouches shows only
those the viewer sees here.

${vouchTable()}

## 4. What a block hides

${blockTable()}

## Surfaces and the rule that decides each

${SURFACES}
`;
}
