// postfix-lens postconf [-c DIR] [-d] [-n] [-x] [-P] [name ...]: what Postfix 3.7's postconf prints
// on standard output for these flags, byte for byte, and the same exit status.

import * as path from 'node:path';
import { parseMainCf } from '../core/config/main-cf';
import { parseMasterCf } from '../core/config/master-cf';
import { PostconfModel } from '../core/config/postconf-model';
import { runPostconf } from '../core/config/postconf-output';
import { readConfigFileSync } from '../io/config-file';
import { loadInstallation } from '../io/installation';
import { parseArgs, postconfOption, type OptionSpec } from './args';
import type { Io } from './io';

const STDIO_BUFFER = 4096;

/** What postconf accepts (cli/usage.ts describes each). */
export const POSTCONF_OPTIONS: OptionSpec = { flags: 'dnxPv', valued: 'c', longValued: ['postfix-version', 'postconf'] };

export function postconfCommand(argv: string[], io: Io): number {
  const a = parseArgs(argv, POSTCONF_OPTIONS);
  const dir = a.values.get('c')?.at(-1) ?? process.env.MAIL_CONFIG ?? '/etc/postfix';
  const installation = loadInstallation({ postconfPath: postconfOption(a) });
  const version = a.values.get('postfix-version')?.at(-1) ?? installation.version ?? '3.7';
  const defaultsOnly = a.flags.has('d');
  const masterParams = a.flags.has('P');

  let mainText = '';
  let encoding: 'utf8' | 'latin1' = 'utf8';
  if (!defaultsOnly) {
    const r = readConfigFileSync(path.join(dir, 'main.cf'));
    if (!r.ok) {
      io.err(`postconf: fatal: open ${dir}/main.cf: ${r.missing ? 'No such file or directory' : r.message}\n`);
      return 1;
    }
    mainText = r.text;
    encoding = r.encoding;
  }
  const m = readConfigFileSync(path.join(dir, 'master.cf'));
  if (!m.ok && !m.missing) {
    io.err(`postconf: fatal: ${m.message}\n`);
    return 1;
  }
  if (m.ok && m.encoding === 'latin1') encoding = 'latin1';
  if (!m.ok && !masterParams) io.err(`postconf: warning: open ${dir}/master.cf: No such file or directory\n`);

  const model = new PostconfModel(parseMainCf(mainText, `${dir}/main.cf`), m.ok ? parseMasterCf(m.text, `${dir}/master.cf`) : null, {
    configDir: dir,
    version,
    installation,
    // $process_id is postconf's own PID; tests set POSTFIX_LENS_PID to compare with a given run.
    pid: process.env.POSTFIX_LENS_PID ? Number(process.env.POSTFIX_LENS_PID) : process.pid,
    defaultsOnly,
  });
  const result = runPostconf(model, {
    nonDefault: a.flags.has('n'),
    expand: a.flags.has('x'),
    masterParams,
    defaults: defaultsOnly,
    names: a.positional,
  });
  let out = Buffer.from(result.lines.map((l) => l + '\n').join(''), encoding);
  if (result.interrupted) {
    // postconf's stdout is a 4096-byte buffer that a fatal error does not flush.
    out = out.subarray(0, out.length === 0 ? 0 : Math.floor((out.length - 1) / STDIO_BUFFER) * STDIO_BUFFER);
  } else if (result.exitCode !== 0) out = Buffer.alloc(0);
  io.outBytes(out);
  for (const line of result.stderr) io.err(`postconf: ${line}\n`);
  return result.exitCode;
}
