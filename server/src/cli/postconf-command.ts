// postfix-lens postconf [-c DIR] [-d] [-n] [-x] [-P] [name ...]: what Postfix 3.7's postconf prints
// on standard output and standard error for these flags, and the same exit status. Files are read
// as bytes (Latin-1, one character per byte), the way postconf's C code sees them.

import * as path from 'node:path';
import { parseMainCf } from '../core/config/main-cf';
import { parseMasterCf } from '../core/config/master-cf';
import { PostconfModel, type ModelOptions } from '../core/config/postconf-model';
import { runPostconf, type PostconfFlags, type StderrLine } from '../core/config/postconf-output';
import { errnoMessage, readConfigFileSync } from '../io/config-file';
import { loadInstallation } from '../io/installation';
import { withTableConfigFiles } from '../io/table-config-files';
import { parseArgs, postconfOption, type OptionSpec } from './args';
import type { Io } from './io';

const STDIO_BUFFER = 4096;

/** What postconf accepts (cli/usage.ts describes each). */
export const POSTCONF_OPTIONS: OptionSpec = { flags: 'dnxPv', valued: 'c', longValued: ['postfix-version', 'postconf'] };

export interface PostconfRun {
  stdout: Buffer;
  /** Without the "postconf: " each line is printed with. */
  stderr: StderrLine[];
  status: number;
}

export function postconfCommand(argv: string[], io: Io): number {
  const r = runPostconfCommand(argv);
  io.outBytes(r.stdout);
  for (const line of r.stderr) io.err(`postconf: ${line.text}\n`);
  return r.status;
}

/** The whole run, as data (the differential tests compare its stderr line by line). */
export function runPostconfCommand(argv: string[]): PostconfRun {
  const p = preparePostconf(argv);
  if ('early' in p) return p.early;
  const result = runPostconf(p.build(), p.flags);
  let out = Buffer.from(result.lines.map((l) => l + '\n').join(''), 'latin1');
  if (result.interrupted) {
    // postconf's stdout is a 4096-byte buffer that a fatal error does not flush.
    out = out.subarray(0, out.length === 0 ? 0 : Math.floor((out.length - 1) / STDIO_BUFFER) * STDIO_BUFFER);
  } else if (result.exitCode !== 0) out = Buffer.alloc(0);
  return { stdout: out, stderr: result.stderr, status: result.exitCode };
}

/**
 * The command's arguments and files, read: the flags, and a function that builds the model (with
 * the database client configuration files it asks for), optionally with other options.
 */
export function preparePostconf(argv: string[]): { early: PostconfRun } | { flags: PostconfFlags; build: (extra?: Partial<ModelOptions>) => PostconfModel } {
  const a = parseArgs(argv, POSTCONF_OPTIONS);
  const dir = a.values.get('c')?.at(-1) ?? process.env.MAIL_CONFIG ?? '/etc/postfix';
  const installation = loadInstallation({ postconfPath: postconfOption(a) });
  const version = a.values.get('postfix-version')?.at(-1) ?? installation.version ?? '3.7';
  const defaultsOnly = a.flags.has('d');
  const masterParams = a.flags.has('P');

  let mainText = '';
  let mainError: string | undefined;
  if (!defaultsOnly) {
    const r = readConfigFileSync(path.join(dir, 'main.cf'), { latin1: true });
    if (r.ok) mainText = r.text;
    else if (r.code === 'EISDIR') mainError = `read ${dir}/main.cf: Is a directory`;
    else if (r.code === 'not-regular' || r.code === 'too-large') mainError = r.message;
    else mainError = `open ${dir}/main.cf: ${errnoMessage(r.code)}`;
  }
  const m = readConfigFileSync(path.join(dir, 'master.cf'), { latin1: true });
  let masterText: string | null = null;
  let masterOpenError: string | undefined;
  if (m.ok) masterText = m.text;
  else if (m.code === 'EISDIR') masterText = ''; // postconf reads a directory as an empty file
  else if (m.code === 'not-regular' || m.code === 'too-large') return { early: { stdout: Buffer.alloc(0), stderr: [{ text: `fatal: ${m.message}` }], status: 1 } };
  else masterOpenError = errnoMessage(m.code);

  const main = parseMainCf(mainText, `${dir}/main.cf`);
  const master = masterText === null ? null : parseMasterCf(masterText, `${dir}/master.cf`);
  const options: ModelOptions = {
    configDir: dir,
    version,
    installation,
    // $process_id is postconf's own PID; tests set POSTFIX_LENS_PID to compare with a given run.
    pid: process.env.POSTFIX_LENS_PID ? Number(process.env.POSTFIX_LENS_PID) : process.pid,
    defaultsOnly,
    masterFirst: masterParams,
    mainError,
    masterOpenError,
  };
  return {
    flags: { nonDefault: a.flags.has('n'), expand: a.flags.has('x'), masterParams, defaults: defaultsOnly, names: a.positional },
    build: (extra = {}) =>
      withTableConfigFiles((tableConfigFiles) => ({ model: new PostconfModel(main, master, { ...options, ...extra, tableConfigFiles }) }), { latin1: true }).model,
  };
}
