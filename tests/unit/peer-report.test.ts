import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatValue, goalLines, peersMarkdown, peersSectionOf, ratioOf, verdictOf, withPeersSection, type PeerRow, type PeerRun } from '../../bench/peer-report';

const row = (overrides: Partial<PeerRow> = {}): PeerRow => ({
  measure: 'Protected read',
  peerMode: 'session lookup',
  ours: 900,
  peer: 600,
  unit: 'req/s',
  better: 'higher',
  note: '',
  ...overrides,
});

const run = (rows: PeerRow[], seconds = 420): PeerRun => ({
  peer: 'Better Auth',
  command: 'npm run bench:peers',
  startedAt: '2026-12-02T07:00:00.000Z',
  seconds,
  limitSeconds: 600,
  machine: '2 cores.',
  about: ['bcrypt cost 12 against scrypt N=16384.'],
  rows,
});

describe('the peer table', () => {
  it('divides ours by the peer, to two decimals', () => {
    assert.equal(ratioOf({ ours: 900, peer: 600 }), 1.5);
    assert.equal(ratioOf({ ours: 1, peer: 3 }), 0.33);
    assert.equal(ratioOf({ ours: 5, peer: 0 }), null);
    assert.equal(ratioOf({ ours: Number.NaN, peer: 3 }), null);
  });

  it('meets a goal when ours is at least as good, whichever way is better', () => {
    assert.equal(verdictOf(row({ ours: 900, peer: 600, better: 'higher' })), 'met');
    assert.equal(verdictOf(row({ ours: 500, peer: 600, better: 'higher' })), 'missed');
    assert.equal(verdictOf(row({ ours: 12, peer: 8, better: 'lower' })), 'missed');
    assert.equal(verdictOf(row({ ours: 8, peer: 8, better: 'lower' })), 'met');
    assert.equal(verdictOf(row({ ours: 8, peer: 0, better: 'lower' })), 'missed');
    assert.equal(verdictOf(row({ ours: 3, peer: 20, better: null })), 'context');
  });

  it('writes figures with their unit and sensible precision', () => {
    assert.equal(formatValue(1234.56, 'req/s'), '1,235 req/s');
    assert.equal(formatValue(12.345, 'ms'), '12.3 ms');
    assert.equal(formatValue(1.234, 'ms'), '1.23 ms');
    assert.equal(formatValue(Number.NaN, 'ms'), 'n/a');
  });

  it('renders one table row per figure with ratio, goal and verdict', () => {
    const text = peersMarkdown(run([row(), row({ measure: 'Read p99 | storm', ours: 30.26, peer: 20.4, unit: 'ms', better: 'lower', note: 'during 20 logins' })]));
    assert.match(text, /^## Peers\n/);
    assert.match(text, /\| Protected read \| session lookup \| 900 req\/s \| 600 req\/s \| 1\.50x \| ≥ 1\.00x \| yes \|/);
    assert.match(text, /\| Read p99 \\\| storm \| session lookup \| 30\.3 ms \| 20\.4 ms \| 1\.48x \| ≤ 1\.00x \| \*\*no\*\* \|/);
    assert.match(text, /- \*\*Read p99 \\\| storm\*\* \(session lookup\): during 20 logins/);
    assert.match(text, /within the 10-minute limit/);
    assert.match(peersMarkdown(run([], 700)), /\*\*over\*\* the 10-minute limit/);
  });

  it('prints each goal met or missed, the time limit included', () => {
    const lines = goalLines(run([row(), row({ ours: 400 }), row({ better: null })], 700));
    assert.deepEqual(lines, [
      'met: Protected read vs Better Auth session lookup: 1.50x (goal ≥ 1.00x)',
      'MISSED: Protected read vs Better Auth session lookup: 0.67x (goal ≥ 1.00x)',
      'MISSED: whole run in 700 s, install and build included (goal ≤ 600 s)',
    ]);
  });
});

describe('the Peers section of the results file', () => {
  const ours = '# Benchmark results (full)\n\n| a | b |\n\n## Notes\n\n- a note\n';

  it('is appended after our results, which stay as they were', () => {
    const written = withPeersSection(ours, '## Peers\n\nfirst run\n');
    assert.ok(written.startsWith(ours.trimEnd()));
    assert.equal(peersSectionOf(written), '## Peers\n\nfirst run\n');
  });

  it('replaces only the previous Peers section, keeping what follows it', () => {
    const before = `${withPeersSection(ours, '## Peers\n\nfirst run\n')}\n## Later\n\nkept\n`;
    const after = withPeersSection(before, '## Peers\n\nsecond run\n');
    assert.equal(peersSectionOf(after), '## Peers\n\nsecond run\n');
    assert.ok(after.includes('## Notes\n\n- a note'));
    assert.ok(after.endsWith('## Later\n\nkept\n'));
    assert.ok(!after.includes('first run'));
  });

  it('is absent from a file that has none', () => {
    assert.equal(peersSectionOf(ours), undefined);
  });
});
