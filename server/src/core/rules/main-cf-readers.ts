// Who reads a main.cf setting, and so in which name spaces its value must be judged. A Postfix
// daemon that master(8) runs applies its service's -o overrides before it reads any parameter, so
// "smtpd_banner = $custom_banner" is fine for a service with -o custom_banner=..., and a service
// that sets the parameter itself with -o never reads main.cf's value at all. Programs outside
// master.cf (the postfix command, sendmail, master itself) read main.cf as it is. Without master.cf
// every program counts, with main.cf alone.

import { isDaemon, readersOf } from '../catalogue/readers';
import { parameterInfo } from '../catalogue/catalogue';
import type { MasterScope, PostconfModel } from '../config/postconf-model';
import type { RuleContext } from './rule';

export interface MainCfReaders {
  /** Programs outside master.cf that read main.cf's value as it is; ["*"]: every program. */
  commands: readonly string[];
  /** master.cf services whose program reads it and that do not set it themselves with -o. */
  services: MasterScope[];
}

/** The program a master.cf service runs ("smtpd"; the command field may be a path). */
export function programOf(scope: MasterScope): string {
  const c = scope.service.fields[7]?.text ?? '';
  return c.slice(c.lastIndexOf('/') + 1);
}

/** Does this service's program read the parameter (true when the sources do not say)? */
export function serviceReads(scope: MasterScope, name: string): boolean {
  const r = readersOf(name);
  return !r || r[0] === '*' || r.includes(programOf(scope));
}

/** The services of an analysis by the program they run (worked out once per analysis). */
const servicesByProgram = new WeakMap<PostconfModel, Map<string, MasterScope[]>>();

function byProgram(model: PostconfModel): Map<string, MasterScope[]> {
  let m = servicesByProgram.get(model);
  if (!m) {
    m = new Map();
    for (const sc of model.scopes) {
      const p = programOf(sc);
      const list = m.get(p);
      if (list) list.push(sc);
      else m.set(p, [sc]);
    }
    servicesByProgram.set(model, m);
  }
  return m;
}

export function mainCfReaders(ctx: RuleContext, name: string): MainCfReaders {
  const r = readersOf(name) ?? ['*'];
  const all = r[0] === '*';
  // Without master.cf the daemons' services are unknown: main.cf alone, for every program.
  if (!ctx.master) return { commands: all || r.some(isDaemon) ? ['*'] : r, services: [] };
  const programs = byProgram(ctx.model);
  const candidates = all ? ctx.model.scopes : r.flatMap((p) => programs.get(p) ?? []);
  const services = candidates.filter((sc) => !sc.params?.has(name));
  return { commands: all ? r : r.filter((p) => !isDaemon(p)), services };
}

// ---- which values a service's -o can change ------------------------------------------------------
// Expanding every main.cf value again in every service's name space would cost as much as the
// whole analysis again per service. A value can come out differently in a service only when it
// refers, directly or through other values and defaults, to a name the service sets with -o (or to
// process_name / service_name, which every service has of its own). That is searched along the
// references of main.cf's values and of the defaults, remembered per analysis and -o dictionary;
// references are over-approximated (any $name, ${name, $(name in the text), so a value judged to
// be the same everywhere is.

const REF = /\$[{(]?([A-Za-z0-9_]+)/g;

/** The names a value refers to (over-approximated); empty when it has no "$". */
export function referencesOf(text: string): string[] {
  const out: string[] = [];
  if (text.indexOf('$') === -1) return out;
  for (const m of text.matchAll(REF)) out.push(m[1]!);
  return out;
}

interface Reach {
  /** The names each name's value (main.cf's, else its default) refers to. */
  refs: Map<string, string[]>;
  /** Per set of names (one -o dictionary, or every name any service sets): does a name lead to one? */
  memos: Map<object | null, Map<string, boolean>>;
  /** Every name some service sets with -o, plus process_name and service_name. */
  anyOverride?: Set<string>;
}
const reaches = new WeakMap<PostconfModel, Reach>();

/** Postfix stops expanding at 100 nested levels; deeper than that counts as "may differ". */
const MAX_DEPTH = 100;

const isOwnName = (n: string) => n === 'process_name' || n === 'service_name';

function reachOf(model: PostconfModel): Reach {
  let r = reaches.get(model);
  if (!r) reaches.set(model, (r = { refs: new Map(), memos: new Map() }));
  return r;
}

/** Does one of `start` lead, through values and defaults, to a name `seed` picks? Memoised under `key`. */
function leadsTo(model: PostconfModel, key: object | null, seed: (n: string) => boolean, start: readonly string[]): boolean {
  const r = reachOf(model);
  const refs = (n: string): string[] => {
    let list = r.refs.get(n);
    if (!list) {
      const node = model.table.get(n);
      const value = model.dict.get(n) ?? (node?.serviceDefault !== undefined ? '$' + node.serviceDefault : (parameterInfo(n)?.default ?? ''));
      r.refs.set(n, (list = referencesOf(value)));
    }
    return list;
  };
  let memo = r.memos.get(key);
  if (!memo) r.memos.set(key, (memo = new Map()));
  const m = memo;
  // Depth-first with an explicit stack (a chain of 50,000 $names must not overflow the call stack).
  // A name on a $name loop may be remembered as not leading anywhere: it cannot be expanded at all.
  const visit = (root: string): boolean => {
    const known = m.get(root);
    if (known !== undefined) return known;
    m.set(root, seed(root));
    if (seed(root)) return true;
    const stack: { name: string; i: number }[] = [{ name: root, i: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const list = refs(top.name);
      if (top.i >= list.length) {
        stack.pop();
        continue;
      }
      const next = list[top.i++]!;
      let hit = m.get(next);
      if (hit === undefined) {
        hit = seed(next) || stack.length >= MAX_DEPTH;
        m.set(next, hit);
        if (!hit) stack.push({ name: next, i: 0 });
      }
      if (hit) {
        // Everything on the stack leads to it.
        for (const f of stack) m.set(f.name, true);
        return true;
      }
    }
    return false;
  };
  return start.some(visit);
}

/** Can a value with these references expand to something else in the service than with main.cf alone? */
export function mayDifferIn(model: PostconfModel, scope: MasterScope, refs: readonly string[]): boolean {
  const params = scope.params;
  return refs.length > 0 && leadsTo(model, params, (n) => isOwnName(n) || (params?.has(n) ?? false), refs);
}

/** Can any master.cf service see a value with these references differently from main.cf alone? */
export function someServiceMayChange(model: PostconfModel, refs: readonly string[]): boolean {
  if (refs.length === 0 || model.scopes.length === 0) return false;
  const r = reachOf(model);
  if (!r.anyOverride) {
    r.anyOverride = new Set(['process_name', 'service_name']);
    for (const sc of model.scopes) for (const n of sc.params?.keys() ?? []) r.anyOverride.add(n);
  }
  const any = r.anyOverride;
  return leadsTo(model, any, (n) => any.has(n), refs);
}

/** How a program outside master.cf is named in a message. */
export function commandLabel(program: string): string {
  return program === 'master' ? 'master(8)' : `the ${program} command`;
}

/** "a", "a and b", "a, b and c", "a, b, c and 4 more". */
export function listNames(names: readonly string[], max = 3): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length <= max) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
