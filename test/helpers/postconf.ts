// The real postconf, as the oracle for differential tests. Where it is not installed, tests that need
// it skip loudly; under CI (CI set in the environment) they fail instead, because CI installs it.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { printable } from '../../server/src/core/config/postconf-output';

export const POSTCONF = ['/usr/sbin/postconf', '/usr/bin/postconf'].find((p) => fs.existsSync(p)) ?? null;

/** Call at the top of a test that needs postconf: returns false (after skipping) when it is missing. */
export function needPostconf(t: TestContext): boolean {
  if (POSTCONF) return true;
  const why = 'postconf is not installed (apt-get install postfix): the differential tests against the real postconf DID NOT RUN';
  if (process.env.CI) throw new Error(`${why}, and CI must run them`);
  console.warn(`\n*** SKIPPED: ${why} ***\n`);
  t.skip(why);
  return false;
}

export const SHARED = path.resolve(__dirname, '..', '..', '..', 'shared');

/** Call at the top of a test that reads ../shared/corpus: false (after a loud skip) when absent. */
export function needCorpus(t: TestContext): boolean {
  if (fs.existsSync(path.join(SHARED, 'corpus', 'main-cf'))) return true;
  const why = `../shared/corpus is not here (${SHARED}): the corpus tests against postconf DID NOT RUN`;
  if (process.env.CI) throw new Error(`${why}, and CI must run them`);
  console.warn(`\n*** SKIPPED: ${why} ***\n`);
  t.skip(why);
  return false;
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
  status: number | null;
  signal: NodeJS.Signals | null;
  pid: number;
}

export function runPostconf(dir: string, args: string[]): RunResult {
  const r = spawnSync(POSTCONF!, ['-c', dir, ...args], { timeout: 20_000, maxBuffer: 256 * 1024 * 1024 });
  return { stdout: r.stdout, stderr: r.stderr.toString('latin1'), status: r.status, signal: r.signal, pid: r.pid };
}

const OLD = new Date('2000-01-01T00:00:00Z');

/**
 * A throwaway config directory with main.cf and master.cf, both dated 2000-01-01: postconf re-reads a
 * file modified within the last second and then repeats its warnings (see shared/corpus/README.md).
 */
export function makeConfigDir(main: string | Buffer, master: string | Buffer = ''): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-cf-'));
  fs.writeFileSync(path.join(dir, 'main.cf'), main);
  fs.writeFileSync(path.join(dir, 'master.cf'), master);
  fs.utimesSync(path.join(dir, 'main.cf'), OLD, OLD);
  fs.utimesSync(path.join(dir, 'master.cf'), OLD, OLD);
  return dir;
}

/**
 * A throwaway config directory from texts that hold one character per byte (written as Latin-1;
 * a Buffer as it is), in which "@DIR@" stands for the directory itself. `files` are created beside
 * main.cf and master.cf ("dir": a directory). A null main or master: no such file.
 */
export function makeConfigDirFrom(c: { main: string | Buffer | null; master?: string | Buffer | null; files?: Record<string, string | Buffer> }): string {
  const dir = makeConfigDir('', '');
  const bytes = (text: string | Buffer) => Buffer.from((typeof text === 'string' ? text : text.toString('latin1')).split('@DIR@').join(dir), 'latin1');
  for (const [name, text] of [['main.cf', c.main], ['master.cf', c.master]] as const) {
    const p = path.join(dir, name);
    if (text === null) fs.rmSync(p);
    else if (text !== undefined) {
      fs.writeFileSync(p, bytes(text));
      fs.utimesSync(p, OLD, OLD);
    }
  }
  for (const [name, content] of Object.entries(c.files ?? {})) {
    if (content === 'dir') fs.mkdirSync(path.join(dir, name));
    else fs.writeFileSync(path.join(dir, name), bytes(content));
  }
  return dir;
}

/**
 * postconf's warnings of the kinds `check` reports too, as "kind name" strings (a set): overridden,
 * undefined, unused and read-only names, and database client configuration files that are missing
 * ("table-missing mysql:/path") or set unknown names ("table-unused mysql:/path name").
 */
export function postconfWarningNames(stderr: string): Set<string> {
  const out = new Set<string>();
  for (const line of stderr.split('\n')) {
    let m = /overriding earlier entry: ([^=]*)=/.exec(line);
    if (m && /(main|master)\.cf, line \d+: overriding/.test(line)) out.add(`duplicate ${m[1]}`);
    m = /undefined parameter: (.*)$/.exec(line);
    if (m) out.add(`undefined ${m[1]}`);
    m = /read-only parameter assignment: ([^=]*)=/.exec(line);
    if (m) out.add(`readonly ${m[1]}`);
    m = /unused parameter: ([^=]*)=/.exec(line);
    if (m && /(main|master)\.cf: unused/.test(line)) out.add(`unused ${m[1]}`);
    m = /warning: (\w+:\/\S*): unused parameter: ([^=]*)=/.exec(line);
    if (m) out.add(`table-unused ${m[1]} ${m[2]}`);
    m = /warning: open "(\w+)" configuration "(\S*)": (No such file or directory|Not a directory)$/.exec(line);
    if (m) out.add(`table-missing ${m[1]}:${m[2]}`);
  }
  return out;
}

/** The same from `check --json`'s diagnostics. */
export function checkWarningNames(diagnostics: { code: string; name: string | null; message: string }[]): Set<string> {
  const kinds: Record<string, string> = { 'duplicate-parameter': 'duplicate', 'undefined-reference': 'undefined', 'unknown-parameter': 'unused', 'read-only-parameter': 'readonly' };
  const out = new Set<string>();
  for (const d of diagnostics) {
    // postconf prints names as printable() does: every byte outside printable ASCII as '?' (check
    // reads files as UTF-8, so a name's bytes are its UTF-8 encoding).
    if (kinds[d.code]) out.add(`${kinds[d.code]} ${printable(Buffer.from(d.name ?? '', 'utf8').toString('latin1'))}`);
    let m = d.code === 'table-config-unknown-parameter' ? /^(\S+) sets (\S+) / .exec(d.message) : null;
    if (m) out.add(`table-unused ${m[1]} ${m[2]}`);
    m = d.code === 'table-config-missing' ? /^(\S+): the table's/.exec(d.message) : null;
    if (m) out.add(`table-missing ${m[1]}`);
  }
  return out;
}

/** Like runPostconf, without blocking: postconf sleeps a second after a fatal error, so runs overlap. */
export function runPostconfAsync(dir: string, args: string[]): Promise<RunResult> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { spawn } = require('node:child_process') as typeof import('node:child_process');
  return new Promise((resolve) => {
    const p = spawn(POSTCONF!, ['-c', dir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on('data', (d) => out.push(d));
    p.stderr.on('data', (d) => err.push(d));
    const timer = setTimeout(() => p.kill('SIGKILL'), 30_000);
    p.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('latin1'), status, signal, pid: p.pid! });
    });
  });
}

/** Run async jobs with at most `limit` at a time, keeping the order of results. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * What a master.cf service's daemon reads for a parameter, as the real postconf shows it: a probe
 * "-o pl_probe_N=$name" right after the service's first line (where postconf reads options), which
 * postconf -P -x prints expanded as that service sees it. `probes` in order (N is the index), each
 * with the 0-based line its service starts on.
 */
export function masterWithProbes(master: string, probes: readonly { line: number; name: string }[]): string {
  const after = new Map<number, string[]>();
  probes.forEach((p, k) => after.set(p.line, [...(after.get(p.line) ?? []), `  -o pl_probe_${k}=$${p.name}`]));
  const out: string[] = [];
  master.split('\n').forEach((l, i) => out.push(l, ...(after.get(i) ?? [])));
  return out.join('\n');
}

/** The probes' values in postconf -P -x's output, by "service/type\0N". */
export function probedValues(stdout: Buffer): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of stdout.toString('latin1').split('\n')) {
    const m = /^(.*)\/pl_probe_(\d+) =(?: (.*))?$/.exec(line);
    if (m) values.set(`${m[1]}\0${m[2]}`, m[3] ?? '');
  }
  return values;
}
