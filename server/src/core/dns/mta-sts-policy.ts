// The MTA-STS policy file (https://mta-sts.<domain>/.well-known/mta-sts.txt) as RFC 8461 section
// 3.2 defines it, and the "mx" patterns of section 4.1. Pure: the caller fetches the body.
//
// - Lines end with LF or CRLF; a lone CR is no line end, so it stays in the value (and spoils it).
// - "key: value", keys case-sensitive; version, mode and max_age once each, mx as often as needed;
//   unknown keys are ignored (a Map, since keys come from the network).
// - mode none needs no mx; enforce and testing need at least one.

import { shown, type DnsProblem } from './txt-record';

export type MtaStsPolicyProblemCode =
  | 'bad-line'
  | 'missing-version'
  | 'bad-version'
  | 'missing-mode'
  | 'bad-mode'
  | 'missing-max-age'
  | 'bad-max-age'
  | 'max-age-too-large'
  | 'missing-mx'
  | 'bad-mx-pattern'
  | 'duplicate-field';

export interface MtaStsPolicyProblem extends DnsProblem<MtaStsPolicyProblemCode> {
  /** 1-based line of the body, when one line is at fault. */
  line?: number;
}

export interface MtaStsPolicy {
  version?: string;
  mode?: 'enforce' | 'testing' | 'none';
  /** Seconds. */
  maxAge?: number;
  /** The mx patterns, lower case, in order ("*.example.org" allowed). */
  mx: string[];
  /** Keys RFC 8461 does not define, with their first value. */
  extensions: Map<string, string>;
}

export interface MtaStsPolicyResult {
  policy: MtaStsPolicy;
  /** Senders would use the policy: no problem found. */
  valid: boolean;
  problems: MtaStsPolicyProblem[];
}

/** RFC 8461 section 3.2: at most 31557600 seconds (about one year). */
export const MAX_AGE_LIMIT = 31_557_600;
const MODES = new Set(['enforce', 'testing', 'none']);
const KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
/** A value: no control characters, no leading or trailing blank; UTF-8 letters allowed (RFC 8461's sts-policy-vchar). */
// eslint-disable-next-line no-control-regex -- the control characters are what the pattern refuses
const VALUE = /^[^\x00-\x20\x7f](?:[^\x00-\x08\x0a-\x1f\x7f]*[^\x00-\x20\x7f])?$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function parseMtaStsPolicy(body: string, url: string): MtaStsPolicyResult {
  const where = shown(url, 100);
  const problems: MtaStsPolicyProblem[] = [];
  const say = (problem: MtaStsPolicyProblemCode, what: string, line?: number) =>
    problems.push({ problem, message: `The MTA-STS policy at ${where} ${line ? `(line ${line}) ` : ''}${what}.`, ...(line ? { line } : {}) });
  const policy: MtaStsPolicy = { mx: [], extensions: new Map() };
  const seen = new Map<string, number>();
  const lines = body.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    const n = i + 1;
    const text = (raw.endsWith('\r') ? raw.slice(0, -1) : raw).replace(/^[\t ]+|[\t ]+$/g, '');
    if (text === '') return;
    const colon = text.indexOf(':');
    const key = colon === -1 ? '' : text.slice(0, colon);
    const value = colon === -1 ? '' : text.slice(colon + 1).replace(/^[\t ]+/, '');
    if (!KEY.test(key) || !VALUE.test(value)) return void say('bad-line', `has a line ${shown(text, 60)} that is not "key: value" (a lone CR, a control character or no value spoils it)`, n);
    if (key !== 'mx') {
      const first = seen.get(key);
      if (first !== undefined) return void say('duplicate-field', `sets ${shown(key)} again (first on line ${first}): senders may read either value`, n);
      seen.set(key, n);
    }
    switch (key) {
      case 'version':
        policy.version = value;
        if (value !== 'STSv1') say('bad-version', `has version ${shown(value)} where "STSv1" is the only one`, n);
        break;
      case 'mode':
        if (MODES.has(value)) policy.mode = value as MtaStsPolicy['mode'];
        else say('bad-mode', `has mode ${shown(value)}: it must be enforce, testing or none (lower case)`, n);
        break;
      case 'max_age':
        if (!/^[0-9]{1,10}$/.test(value)) say('bad-max-age', `has max_age ${shown(value)}, which is not a number of seconds (1 to 10 digits)`, n);
        else if (Number(value) > MAX_AGE_LIMIT) say('max-age-too-large', `has max_age ${value}, above the ${MAX_AGE_LIMIT} seconds (a year) RFC 8461 allows`, n);
        else policy.maxAge = Number(value);
        break;
      case 'mx':
        if (isMxPattern(value)) policy.mx.push(value.toLowerCase());
        else say('bad-mx-pattern', `has mx ${shown(value)}, which is not a host name or "*." and one (letters, digits and "-" in labels)`, n);
        break;
      default:
        if (!policy.extensions.has(key)) policy.extensions.set(key, value);
    }
  });
  if (!seen.has('version')) say('missing-version', 'has no "version: STSv1" line');
  if (!seen.has('mode')) say('missing-mode', 'has no "mode:" line (enforce, testing or none)');
  if (!seen.has('max_age')) say('missing-max-age', 'has no "max_age:" line');
  if ((policy.mode === 'enforce' || policy.mode === 'testing') && policy.mx.length === 0 && !problems.some((p) => p.problem === 'bad-mx-pattern'))
    say('missing-mx', `is in mode ${policy.mode} but names no MX host ("mx:" lines)`);
  return { policy, valid: problems.length === 0, problems };
}

/** A host name of LDH labels, optionally after "*." (RFC 8461 section 3.2: ["*."] Domain). */
export function isMxPattern(value: string): boolean {
  const v = value.toLowerCase();
  const name = v.startsWith('*.') ? v.slice(2) : v;
  if (name.length === 0 || name.length > 253) return false;
  return name.split('.').every((l) => LABEL.test(l));
}

/**
 * Does an MX host match a policy's pattern (RFC 8461 section 4.1)? Case-insensitive, trailing dots
 * ignored; "*.example.org" matches exactly one more label ("mx.example.org", not "example.org" nor
 * "a.mx.example.org").
 */
export function mxMatchesPattern(host: string, pattern: string): boolean {
  const h = stripDot(host).toLowerCase();
  const p = stripDot(pattern).toLowerCase();
  if (!p.startsWith('*.')) return h === p;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === p.slice(2);
}

/** The MX hosts no pattern of the policy matches: senders in enforce mode refuse to deliver to them. */
export function mxNotInPolicy(hosts: readonly string[], patterns: readonly string[]): string[] {
  return hosts.filter((h) => !patterns.some((p) => mxMatchesPattern(h, p)));
}

function stripDot(s: string): string {
  return s.endsWith('.') ? s.slice(0, -1) : s;
}
