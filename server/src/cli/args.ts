// A small getopt: short flags that may be bundled (-nx), short options with a value (-c DIR or
// -cDIR), long options (--json, --hostname NAME or --hostname=NAME, repeatable ones collected).

import * as path from 'node:path';
import { parseResolverAddress } from '../core/dns/resolver-address';
import type { ResolverAddress } from '../core/dns/types';

// Each command is a bundle of its own (dist/cli-check.js, ...) with its own copy of this class, so
// `instanceof UsageError` in the dispatcher (dist/cli.js) is false for a command's error; the brand,
// a symbol from the global registry, is the same in every bundle.
const USAGE_ERROR = Symbol.for('postfix-lens.usage-error');

/** A problem with how the command was called: its message, the command's usage, exit status 2. */
export class UsageError extends Error {
  readonly [USAGE_ERROR] = true;
}

export function isUsageError(e: unknown): e is UsageError {
  return typeof e === 'object' && e !== null && (e as { [USAGE_ERROR]?: unknown })[USAGE_ERROR] === true;
}

export interface OptionSpec {
  /** Short flags without value, e.g. "nxPd". */
  flags?: string;
  /** Short options taking a value, e.g. "c". */
  valued?: string;
  /** Long options without value. */
  longFlags?: string[];
  /** Long options with a value. */
  longValued?: string[];
}

export interface Parsed {
  flags: Set<string>;
  values: Map<string, string[]>;
  positional: string[];
}

export function parseArgs(argv: string[], spec: OptionSpec): Parsed {
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  const positional: string[] = [];
  const add = (k: string, v: string) => values.set(k, [...(values.get(k) ?? []), v]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq === -1 ? a.slice(2) : a.slice(2, eq);
      if (spec.longFlags?.includes(name)) {
        if (eq !== -1) throw new UsageError(`option --${name} takes no value`);
        flags.add(name);
      } else if (spec.longValued?.includes(name)) {
        const v = eq !== -1 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined) throw new UsageError(`option --${name} needs a value`);
        add(name, v);
      } else throw new UsageError(`unknown option --${name}`);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (spec.flags?.includes(c)) flags.add(c);
        else if (spec.valued?.includes(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
          if (v === undefined) throw new UsageError(`option -${c} needs a value`);
          add(c, v);
          break;
        } else throw new UsageError(`unknown option -${c}`);
      }
      continue;
    }
    positional.push(a);
  }
  return { flags, values, positional };
}

/**
 * --postconf PATH, absolute: typed on the command line, a relative path means the current
 * directory's (io/installation.ts runs only absolute ones).
 */
export function postconfOption(a: Parsed): string | undefined {
  const p = a.values.get('postconf')?.at(-1);
  return p ? path.resolve(p) : undefined;
}

/** --resolver ADDR[:PORT], the last one given; a usage error for a value that is not one. */
export function resolverOption(a: Parsed): ResolverAddress | undefined {
  const text = a.values.get('resolver')?.at(-1);
  if (text === undefined) return undefined;
  const r = parseResolverAddress(text);
  if ('error' in r) throw new UsageError(`--resolver "${text}": ${r.error}`);
  return r.value;
}
