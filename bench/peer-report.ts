// The "Peers" section of bench/results.md: our app against a peer library, one figure per row, as a
// ratio ours / peer. Pure functions, so `npm run bench` can keep the section when it rewrites the
// file and tests/unit/peer-report.test.ts can check the arithmetic.

export const PEERS_HEADING = '## Peers';

/** Which way is better for the figure; null for context without a goal (hash cost, counts). */
export type Better = 'higher' | 'lower' | null;

export interface PeerRow {
  measure: string;
  /** The peer's set-up the figure comes from (its session lookup, its cookie cache, its JWT). */
  peerMode: string;
  ours: number;
  peer: number;
  unit: string;
  better: Better;
  note: string;
}

export interface PeerRun {
  peer: string;
  command: string;
  startedAt: string;
  /** Wall time of the whole command, install and build included. */
  seconds: number;
  limitSeconds: number;
  machine: string;
  /** Lines about the set-up: versions, hashes and their costs, design differences. */
  about: string[];
  rows: PeerRow[];
}

export type PeerVerdict = 'met' | 'missed' | 'context';

/** ours / peer, to two decimals; null when the peer's figure is 0 or not a number. */
export function ratioOf(row: Pick<PeerRow, 'ours' | 'peer'>): number | null {
  if (!Number.isFinite(row.ours) || !Number.isFinite(row.peer) || row.peer === 0) return null;
  return Number((row.ours / row.peer).toFixed(2));
}

/** The goal is ours at least as good as the peer: a ratio ≥ 1 where higher is better, ≤ 1 where lower is. */
export function verdictOf(row: Pick<PeerRow, 'ours' | 'peer' | 'better'>): PeerVerdict {
  const ratio = ratioOf(row);
  if (row.better === null) return 'context';
  if (ratio === null) return 'missed';
  return (row.better === 'higher' ? ratio >= 1 : ratio <= 1) ? 'met' : 'missed';
}

export function goalOf(better: Better): string {
  if (better === null) return '';
  return better === 'higher' ? '≥ 1.00x' : '≤ 1.00x';
}

/** A figure with its unit: whole numbers from 100 up, else up to two decimals. */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${Number(value.toFixed(digits)).toLocaleString('en-US')} ${unit}`;
}

const VERDICT: Record<PeerVerdict, string> = { met: 'yes', missed: '**no**', context: 'context' };
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** One line per goal for the console: `met: …` or `MISSED: …`. */
export function goalLines(run: PeerRun): string[] {
  const lines = run.rows
    .filter((row) => row.better !== null)
    .map((row) => {
      const ratio = ratioOf(row);
      const what = `${row.measure} vs ${run.peer} ${row.peerMode}: ${ratio === null ? 'n/a' : `${ratio.toFixed(2)}x`} (goal ${goalOf(row.better)})`;
      return `${verdictOf(row) === 'met' ? 'met' : 'MISSED'}: ${what}`;
    });
  const inTime = run.seconds <= run.limitSeconds;
  lines.push(`${inTime ? 'met' : 'MISSED'}: whole run in ${run.seconds} s, install and build included (goal ≤ ${run.limitSeconds} s)`);
  return lines;
}

export function peersMarkdown(run: PeerRun): string {
  const inTime = run.seconds <= run.limitSeconds;
  return [
    PEERS_HEADING,
    '',
    `\`${run.command}\`, ${run.startedAt}, ${run.seconds} s in all, install and build included ` +
      `(${inTime ? 'within' : '**over**'} the ${run.limitSeconds / 60}-minute limit). ${run.machine}`,
    '',
    ...run.about.map((line) => `- ${line}`),
    '',
    `Ratios are ours / ${run.peer}; the goal is ours at least as good as the peer.`,
    '',
    `| measure | ${run.peer} mode | ours | ${run.peer} | ours / peer | goal | met? |`,
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...run.rows.map((row) => {
      const ratio = ratioOf(row);
      return `| ${cell(row.measure)} | ${cell(row.peerMode)} | ${formatValue(row.ours, row.unit)} | ${formatValue(row.peer, row.unit)} | ${ratio === null ? '' : `${ratio.toFixed(2)}x`} | ${goalOf(row.better)} | ${VERDICT[verdictOf(row)]} |`;
    }),
    '',
    ...run.rows.filter((row) => row.note).map((row) => `- **${cell(row.measure)}** (${cell(row.peerMode)}): ${row.note}`),
    '',
  ].join('\n');
}

/** The Peers section of a results file (from its heading to the next `## ` heading or the end), if any. */
export function peersSectionOf(markdown: string): string | undefined {
  const start = markdown.search(/^## Peers$/m);
  if (start < 0) return undefined;
  const rest = markdown.slice(start + PEERS_HEADING.length);
  const next = rest.search(/^## /m);
  return markdown.slice(start, next < 0 ? undefined : start + PEERS_HEADING.length + next).trimEnd() + '\n';
}

/** `markdown` with its Peers section replaced by `section`, or `section` appended; nothing else changes. */
export function withPeersSection(markdown: string, section: string): string {
  const old = peersSectionOf(markdown);
  const body = section.trimEnd() + '\n';
  if (old === undefined) return `${markdown.trimEnd()}\n\n${body}`;
  const start = markdown.search(/^## Peers$/m);
  const after = markdown.slice(start + old.trimEnd().length).replace(/^\n+/, '');
  return markdown.slice(0, start) + body + (after ? `\n${after}` : '');
}
