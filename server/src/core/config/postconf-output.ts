// What `postconf [-d] [-n] [-x] [-P] [name ...]` prints, computed from a PostconfModel: the same
// lines, in the same order, with the same whitespace folding, and the same fatal errors (after
// which, like postconf's 4096-byte stdio buffer, only whole flushed buffers have reached stdout).

import { compareBytes } from './c-string';
import { MAC_PARSE_ERROR } from './macro';
import { expansionFailure, FLAG_RAW, MASK_CLASS, PostconfModel, type MasterScope } from './postconf-model';

export interface PostconfFlags {
  /** -n: only parameters set in main.cf (or, with -P, has no effect). */
  nonDefault: boolean;
  /** -x: expand $name in values. */
  expand: boolean;
  /** -P: master.cf -o parameters instead of main.cf ones. */
  masterParams: boolean;
  /** -d: built-in defaults only. */
  defaults: boolean;
  names: string[];
}

/** A line of standard error, without "postconf: " and without newline ("warning: ...", "fatal: ..."). */
export interface StderrLine {
  /** Printable ASCII only, as postconf prints it (see printable()). */
  text: string;
  /**
   * Set when postconf prints this line while it walks a hash table (main.cf, a master.cf service's
   * -o settings, the defaults), whose order changes from run to run: the walk and the entry visited.
   */
  walk?: string;
  entry?: string;
  /**
   * About a database client configuration file: postconf reads each once, while it visits whichever
   * entry that names the file comes first in the walk, so this line moves between entries.
   */
  table?: true;
}

export interface PostconfResult {
  /** Lines of standard output, each without its newline. */
  lines: string[];
  stderr: StderrLine[];
  exitCode: number;
  /** True when a fatal error interrupted the output: the caller keeps only what postconf would have flushed. */
  interrupted: boolean;
}

/** pcf_print_line(): runs of space, tab, CR and LF become one space. */
function fold(text: string): string {
  let out = '';
  let start = -1; // start of the current word, or -1 between words
  let plain = true; // nothing to change so far
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const blank = c === 32 || c === 9 || c === 13 || c === 10;
    if (blank) {
      if (start !== -1) {
        out += (out.length > 0 ? ' ' : '') + text.slice(start, i);
        start = -1;
      }
      if (c !== 32 || i === 0 || i === text.length - 1 || text.charCodeAt(i + 1) === 32) plain = false;
    } else if (start === -1) start = i;
  }
  if (plain) return text;
  if (start !== -1) out += (out.length > 0 ? ' ' : '') + text.slice(start);
  return out;
}

/**
 * msg_vprintf()'s printable(text, '?') with Postfix's UTF-8 support off, as in postconf: every byte
 * that is not printable ASCII (control characters, DEL, every byte of a non-ASCII character) becomes
 * "?". The text holds one character per byte (the postconf command decodes files as Latin-1).
 */
export function printable(text: string): string {
  return /[^\x20-\x7e]/.test(text) ? text.replace(/[^\x20-\x7e]/g, '?') : text;
}

export function runPostconf(model: PostconfModel, flags: PostconfFlags): PostconfResult {
  const lines: string[] = [];
  const stderr: StderrLine[] = [];
  const say = (text: string, at?: { walk?: string; entry?: string; kind?: string }) => {
    const line: StderrLine = { text: printable(text) };
    if (at?.walk !== undefined) {
      line.walk = at.walk;
      line.entry = at.entry;
      if (at.kind === 'table') line.table = true;
    }
    stderr.push(line);
  };
  const fail = (message: string, interrupted: boolean): PostconfResult => {
    say(`fatal: ${message}`, interrupted ? undefined : model.fatalAt);
    return { lines, stderr, exitCode: 1, interrupted };
  };
  const warn = (unused: boolean, files: string[]) => {
    for (const w of model.warnings) {
      if (w.silent || (w.kind === 'unused') !== unused) continue;
      if (w.kind === 'unused' && w.file && !files.includes(w.file)) continue;
      say(`warning: ${w.text}`, w);
    }
  };
  // What postconf said while it read the files and registered the parameters, in its order.
  warn(false, []);
  if (model.fatal) return fail(model.fatal, false);
  if (flags.masterParams && !model.master) return fail(`open ${model.options.configDir}/master.cf: No such file or directory`, false);

  const expandOrFail = (value: string, scope: MasterScope | null): string | null => {
    const r = model.expand(value, scope, flags.defaults);
    if (r.fatal) throw new Error(r.fatal);
    if (r.status & MAC_PARSE_ERROR) {
      for (const p of r.problems) say(`warning: ${p.message}`);
      throw new Error(expansionFailure(r));
    }
    return r.value;
  };

  try {
    if (flags.masterParams) {
      printMasterParams(model, flags, lines, say, expandOrFail);
      warn(true, ['master.cf']);
    } else {
      printParameters(model, flags, lines, say, expandOrFail);
      if (!flags.defaults) warn(true, ['main.cf', 'master.cf']);
    }
  } catch (e) {
    return fail((e as Error).message, true);
  }
  return { lines, stderr, exitCode: 0, interrupted: false };
}

/** strcmp() order; plain string order is the same when no name has a UTF-16 surrogate. */
function sortBytes(names: string[]): string[] {
  if (names.some((n) => /[\ud800-\udfff]/.test(n))) return names.sort(compareBytes);
  return names.sort(); // default sort: UTF-16 order, the same here
}

type Expander = (value: string, scope: MasterScope | null) => string | null;

function printParameters(model: PostconfModel, flags: PostconfFlags, out: string[], say: (text: string) => void, expand: Expander) {
  const show = (name: string) => {
    const node = model.table.get(name)!;
    let value: string | null;
    if (flags.defaults) value = model.defaultValue(name);
    else {
      const v = model.dict.get(name);
      value = v !== undefined ? v : flags.nonDefault ? null : model.defaultValue(name);
    }
    if (value === null) return;
    if (flags.expand && !(node.flags & FLAG_RAW)) value = expand(value, null);
    out.push(fold(`${name} = ${value}`));
  };
  if (flags.names.length === 0) {
    const names = sortBytes([...model.table.keys()].filter((n) => model.table.get(n)!.flags & MASK_CLASS));
    for (const n of names) show(n);
    return;
  }
  for (const n of flags.names) {
    if (!model.table.has(n)) say(`warning: ${n}: unknown parameter`);
    else show(n);
  }
}

function printMasterParams(model: PostconfModel, flags: PostconfFlags, out: string[], say: (text: string) => void, expand: Expander) {
  const patterns: { raw: string; parts: string[]; hits: number }[] = [];
  for (const raw of flags.names) {
    const parts = raw.startsWith('/') ? null : raw.split('/').filter((p) => p.length > 0);
    if (!parts || parts.length < 1 || parts.length > 3 || parts.some((p) => p !== '*' && p.includes('*'))) {
      throw new Error('-P option requires service_name[/type[/parameter]]');
    }
    while (parts.length < 3) parts.push('*');
    patterns.push({ raw, parts, hits: 0 });
  }
  const match = (p: string, s: string) => p === '*' || p === s;
  const print = (sc: MasterScope, name: string, value: string) => {
    const v = flags.expand ? expand(value, sc) : value;
    out.push(fold(`${sc.service.id}/${name} = ${v}`));
  };
  for (const sc of model.scopes) {
    if (!sc.params) continue;
    if (patterns.length === 0) {
      for (const n of sortBytes([...sc.params.keys()])) print(sc, n, sc.params.get(n)!);
      continue;
    }
    for (const p of patterns) {
      if (!match(p.parts[0], sc.service.name) || !match(p.parts[1], sc.service.type)) continue;
      if (p.parts[2] === '*') {
        for (const n of sortBytes([...sc.params.keys()])) print(sc, n, sc.params.get(n)!);
        p.hits++;
      } else {
        const v = sc.params.get(p.parts[2]);
        if (v !== undefined) {
          print(sc, p.parts[2], v);
          p.hits++;
        }
      }
    }
  }
  for (const p of patterns) if (p.hits === 0) say(`warning: unmatched request: "${p.raw}"`);
}
