// Who reads a main.cf setting, and so in which name spaces its value must be judged. A Postfix
// daemon that master(8) runs applies its service's -o overrides before it reads any parameter, so
// "smtpd_banner = $custom_banner" is fine for a service with -o custom_banner=..., and a service
// that sets the parameter itself with -o never reads main.cf's value at all. Programs outside
// master.cf (the postfix command, sendmail, master itself) read main.cf as it is. Without master.cf
// every program counts, with main.cf alone.

import { isDaemon, readersOf } from '../catalogue/readers';
import type { MasterScope } from '../config/postconf-model';
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

export function mainCfReaders(ctx: RuleContext, name: string): MainCfReaders {
  const r = readersOf(name) ?? ['*'];
  const all = r[0] === '*';
  // Without master.cf the daemons' services are unknown: main.cf alone, for every program.
  if (!ctx.master) return { commands: all || r.some(isDaemon) ? ['*'] : r, services: [] };
  const services: MasterScope[] = [];
  for (const sc of ctx.model.scopes) {
    if (sc.params?.has(name)) continue;
    if (all || r.includes(programOf(sc))) services.push(sc);
  }
  return { commands: all ? r : r.filter((p) => !isDaemon(p)), services };
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
