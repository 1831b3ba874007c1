// Comparing postconf's standard error with ours. postconf prints most warnings in a fixed order,
// but walks main.cf, each master.cf service's -o settings and the parameter defaults in the order of
// a hash table seeded at random per run, and prints "unused parameter" lines in that order too. So:
// - "unused parameter" lines are compared as a multiset;
// - a line we print during such a walk belongs to the block of lines of one entry (our StderrLine
//   says which walk and entry); postconf's lines must be the same blocks in some order, apart from
//   the lines about database client configuration files, which come with whichever entry naming the
//   file is visited first: those must be the same lines, anywhere in the walk;
// - every other line in order.
// When a fatal error stops a walk, which entries postconf visited before it depends on the run: its
// lines must then be the blocks of some entries (as a model built with continueAfterFatal, which goes on past fatal
// errors, makes them for every entry) and last the block of an entry that stops, with its fatal
// line. A mismatch is also checked against more runs of postconf (matchPostconf).

import { spawn } from 'node:child_process';
import { printable, type StderrLine } from '../../server/src/core/config/postconf-output';
import type { PostconfModel } from '../../server/src/core/config/postconf-model';
import { preparePostconf, runPostconfCommand } from '../../server/src/cli/postconf-command';
import { runCliInProcess } from './cli';
import { POSTCONF, runPostconfAsync, type RunResult } from './postconf';

const UNUSED = /^warning: \S+: unused parameter: /;

/** postconf's stderr as lines without its program name ("/usr/sbin/postconf: "). */
export function realStderrLines(stderr: string): string[] {
  const prefix = `${POSTCONF}: `;
  return stderr
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => (l.startsWith(prefix) ? l.slice(prefix.length) : l));
}

/**
 * For each walk, every entry's block of lines, those of entries that stop (with their fatal line),
 * and the lines about database client configuration files, apart.
 */
export type WalkBlocks = Map<string, { blocks: string[][]; terminals: string[][]; tables: string[] }>;

/** The blocks of every entry of every walk, from a model that goes on past fatal errors. */
export function walkBlocks(model: PostconfModel): WalkBlocks {
  const out: WalkBlocks = new Map();
  const byEntry = new Map<string, string[]>();
  const at = (walk: string) => {
    let w = out.get(walk);
    if (!w) out.set(walk, (w = { blocks: [], terminals: [], tables: [] }));
    return w;
  };
  const lines = (walk: string, entry: string, upTo: number) =>
    model.warnings
      .slice(0, upTo)
      .filter((w) => w.walk === walk && w.entry === entry && !w.silent && w.kind !== 'unused' && w.kind !== 'table')
      .map((w) => printable(`warning: ${w.text}`))
      .filter((l) => !UNUSED.test(l));
  for (const w of model.warnings) {
    if (w.walk === undefined) continue;
    byEntry.set(`${w.walk}\0${w.entry}`, []);
    const l = printable(`warning: ${w.text}`);
    if (w.kind === 'table' && !w.silent && !UNUSED.test(l)) at(w.walk).tables.push(l);
  }
  const stopped = new Set<string>();
  for (const s of model.stops) {
    if (s.walk === undefined || s.entry === undefined || stopped.has(`${s.walk}\0${s.entry}`)) continue;
    stopped.add(`${s.walk}\0${s.entry}`);
    at(s.walk).terminals.push([...lines(s.walk, s.entry, s.warningCount), printable(`fatal: ${s.message}`)]);
  }
  for (const key of byEntry.keys()) {
    const [walk, entry] = key.split('\0');
    if (stopped.has(key)) continue;
    const b = lines(walk, entry, model.warnings.length);
    if (b.length > 0) at(walk).blocks.push(b);
  }
  return out;
}

/** Null when `theirs` is one of the outputs postconf can print for `ours`, else what differs. */
export function compareStderr(ours: readonly StderrLine[], theirs: readonly string[], alternatives?: WalkBlocks): string | null {
  const sorted = (a: string[]) => [...a].sort();
  const ou = sorted(ours.filter((l) => UNUSED.test(l.text)).map((l) => l.text));
  const tu = sorted(theirs.filter((l) => UNUSED.test(l)));
  if (ou.join('\n') !== tu.join('\n')) return `"unused parameter" lines differ:\n  ours:   ${ou.join('\n          ')}\n  theirs: ${tu.join('\n          ')}`;
  const o = ours.filter((l) => !UNUSED.test(l.text));
  const t = theirs.filter((l) => !UNUSED.test(l));
  const show = () => `\n  ours:   ${o.map((l) => l.text + (l.walk ? `   [${l.walk}: ${l.entry}]` : '')).join('\n          ')}\n  theirs: ${t.join('\n          ')}`;
  let i = 0;
  let k = 0;
  while (k < o.length) {
    if (o[k].walk === undefined) {
      if (t[i] !== o[k].text) return `line ${i + 1} differs${show()}`;
      i++;
      k++;
      continue;
    }
    // The blocks of one walk: consecutive lines of the same entry; the table lines apart.
    const blocks: string[][] = [];
    const tables: string[] = [];
    const walk = o[k].walk;
    const start = k;
    let entry: string | undefined;
    for (; k < o.length && o[k].walk === walk; k++) {
      if (o[k].table) {
        tables.push(o[k].text);
        continue;
      }
      if (blocks.length === 0 || o[k].entry !== entry) blocks.push([]);
      entry = o[k].entry;
      blocks[blocks.length - 1].push(o[k].text);
    }
    const w = walk as string;
    const alt = alternatives?.get(w);
    if (k === o.length && o[k - 1].text.startsWith('fatal: ') && alt) {
      // A fatal error ended the walk: postconf visited other entries before the one that stopped.
      const rest = withoutTables(t.slice(i), alt.tables);
      const fits = (b: string[], from: number) => b.every((line, n) => rest[from + n] === line);
      const pool = [...alt.blocks].sort((a, b) => b.length - a.length);
      let j = 0;
      for (;;) {
        if (alt.terminals.some((b) => j + b.length === rest.length && fits(b, j))) return null;
        const next = pool.findIndex((b) => fits(b, j));
        if (next === -1) return `the warnings of the walk over ${w} (which ends with a fatal error) differ at line ${i + j + 1}${show()}`;
        j += pool[next].length;
        pool.splice(next, 1);
      }
    }
    // postconf's lines of this walk: the same table lines, and the same blocks in some order.
    const segment = t.slice(i, i + (k - start));
    const rest = withoutTables(segment, tables);
    if (rest.length !== segment.length - tables.length) return `the lines about table configuration files in the walk over ${w} differ${show()}`;
    let j = 0;
    blocks.sort((a, b) => b.length - a.length);
    while (blocks.length > 0) {
      const n = blocks.findIndex((b) => b.every((line, m) => rest[j + m] === line));
      if (n === -1) return `the warnings of the walk over ${w} differ at line ${i + 1}${show()}`;
      j += blocks[n].length;
      blocks.splice(n, 1);
    }
    i += segment.length;
  }
  if (i !== t.length) return `postconf printed more lines${show()}`;
  return null;
}

/** `lines` without one occurrence of each of `tables` (those that are there). */
function withoutTables(lines: string[], tables: readonly string[]): string[] {
  if (tables.length === 0) return lines;
  const count = new Map<string, number>();
  for (const l of tables) count.set(l, (count.get(l) ?? 0) + 1);
  return lines.filter((l) => {
    const c = count.get(l);
    if (!c) return true;
    count.set(l, c - 1);
    return false;
  });
}

export interface Comparison {
  /** Null when stdout, stderr and status match (possibly only on a later run of postconf). */
  problem: string | null;
  /** postconf itself printed different stderr on different runs, and none matched ours. */
  varies: boolean;
  /** How many runs of postconf it took to see ours (1: the first). */
  runs: number;
}

/** Runs of postconf tried when its first output does not match ours (see the file comment). */
const MORE_RUNS = 8;

/**
 * Our postconf (in process, through the command line, and as data for the order of its warnings)
 * against the real one's result `real` for the same directory and flags; more runs of postconf when
 * the first does not match.
 */
export async function matchPostconf(dir: string, flags: string[], real: RunResult): Promise<Comparison> {
  process.env.POSTFIX_LENS_PID = String(real.pid);
  const cli = await runCliInProcess(['postconf', '-c', dir, ...flags]);
  const ours = runPostconfCommand(['-c', dir, ...flags]);
  const prepared = preparePostconf(['-c', dir, ...flags]);
  const alternatives = 'build' in prepared ? walkBlocks(prepared.build({ continueAfterFatal: true })) : undefined;
  const printed = ours.stderr.map((l) => `postconf: ${l.text}\n`).join('');
  if (cli.stderr !== printed) return { problem: `the command line printed other stderr than runPostconfCommand:\n${cli.stderr}\n---\n${printed}`, varies: false, runs: 0 };
  const problemWith = (r: RunResult): string | null => {
    if (r.signal) return `postconf crashed (${r.signal})`;
    if (!cli.stdout.equals(r.stdout)) return `stdout differs:\n--- ours\n${cli.stdout.toString('latin1').slice(0, 2000)}\n--- postconf\n${r.stdout.toString('latin1').slice(0, 2000)}`;
    if (cli.status !== r.status) return `exit status ${cli.status}, postconf ${r.status}`;
    const d = compareStderr(ours.stderr, realStderrLines(r.stderr), alternatives);
    return d === null ? null : `stderr: ${d}`;
  };
  const first = problemWith(real);
  if (first === null) return { problem: null, varies: false, runs: 1 };
  if (real.signal) return { problem: first, varies: false, runs: 1 };
  // $process_id differs between runs: only stderr and status are compared on the later ones.
  const again = await Promise.all(Array.from({ length: MORE_RUNS }, () => runPostconfAsync(dir, flags)));
  const k = again.findIndex((r) => r.status === real.status && compareStderr(ours.stderr, realStderrLines(r.stderr), alternatives) === null && stdoutMatches(cli.stdout, r, real));
  if (k !== -1) return { problem: null, varies: true, runs: k + 2 };
  const varies = again.some((r) => r.stderr !== real.stderr);
  return { problem: first, varies, runs: MORE_RUNS + 1 };
}

/** stdout of a later run, which has its own $process_id: the first run's, when only that differs. */
function stdoutMatches(ours: Buffer, later: RunResult, first: RunResult): boolean {
  return ours.equals(later.stdout) || (later.stdout.toString('latin1').split(String(later.pid)).join(String(first.pid)) === ours.toString('latin1'));
}

/** True when postconf takes longer than `ms` (it blocks opening a FIFO): then it is killed. */
export function postconfBlocks(dir: string, flags: string[], ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const p = spawn(POSTCONF!, ['-c', dir, ...flags], { stdio: 'ignore' });
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      resolve(true);
    }, ms);
    p.on('close', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}
