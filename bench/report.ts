import { readFile, writeFile } from 'node:fs/promises';
import { peersSectionOf, withPeersSection } from './peer-report';

/** `context`: a figure with no goal of its own, shown beside one that has. */
export type Verdict = 'met' | 'missed' | 'context' | 'not countable' | 'not run' | 'crashed';

/** One line of the results table: a measured figure against a baseline from the same run. */
export interface Row {
  scenario: string;
  setup: string;
  baseline: string;
  measured: string;
  /** measured / baseline; null where the figure is a count. */
  ratio: number | null;
  goal: string;
  verdict: Verdict;
  /** The measured reason for a miss, or what the figure means. */
  note: string;
  data?: unknown;
}

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  os: string;
  /** 1-minute load average before the bench started anything, and at its end. */
  loadBefore: number;
  loadAfter: number;
  /** BENCH_NOTE: what the bench cannot see for itself, such as other work sharing the machine. */
  note?: string;
}

export interface Report {
  profile: 'full' | 'smoke';
  startedAt: string;
  seconds: number;
  machine: Machine;
  bcryptCost: number;
  setups: string[];
  rows: Row[];
}

const VERDICT: Record<Verdict, string> = { met: 'yes', missed: '**no**', context: 'context', 'not countable': 'not countable', 'not run': 'not run', crashed: '**crashed**' };

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function markdown(report: Report, command: string): string {
  const { machine } = report;
  const lines = [
    `# Benchmark results (${report.profile})`,
    '',
    `\`${command}\`, ${report.startedAt}, ${report.seconds} s. Machine: ${machine.cpu}, ${machine.cores} cores, Node.js ${machine.node}, ${machine.os}.`,
    `bcrypt cost ${report.bcryptCost}. Set-ups: ${report.setups.join(', ') || 'none (in this process only)'}.`,
    '',
    `1-minute load average ${machine.loadBefore} before the bench started anything, ${machine.loadAfter} at its end.${machine.note ? ` **${machine.note}**` : ''}`,
    'The load generator runs on the same cores as the server, PostgreSQL and Redis. Each figure is a ratio',
    'against a baseline measured in the same run, minutes apart at most; absolute numbers are context only.',
    'Why each scenario is built the way it is: [docs/decisions/012-benchmarks.md](../docs/decisions/012-benchmarks.md).',
    '',
    '| scenario | set-up | baseline | measured | ratio | goal | met? |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...report.rows.map(
      (row) =>
        `| ${cell(row.scenario)} | ${row.setup} | ${cell(row.baseline)} | ${cell(row.measured)} | ${row.ratio === null ? '' : `${row.ratio.toFixed(2)}x`} | ${cell(row.goal)} | ${VERDICT[row.verdict]} |`,
    ),
    '',
    '## Notes',
    '',
    ...report.rows.filter((row) => row.note).map((row) => `- **${row.scenario}** (${row.setup}): ${row.note}`),
    '',
  ];
  return lines.join('\n');
}

export async function writeReport(report: Report, paths: { markdown: string; json: string }, command: string): Promise<void> {
  // `npm run bench:peers` writes its own section into the same file; a new run of ours keeps it.
  const peers = peersSectionOf(await readFile(paths.markdown, 'utf8').catch(() => ''));
  const ours = markdown(report, command);
  await writeFile(paths.markdown, peers ? withPeersSection(ours, peers) : ours);
  await writeFile(paths.json, `${JSON.stringify(report, null, 2)}\n`);
}
