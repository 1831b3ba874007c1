// Default values of built-in parameters, from the most specific source that knows them:
// the installed postconf's own `postconf -d` (when the caller could run it), the machine's host name
// for the computed ones, then the catalogue's upstream default.

import { parameterInfo } from '../catalogue/catalogue';
import type { InterfaceAddress } from './mynetworks';

export interface Installation {
  /** Built-in defaults exactly as the installed `postconf -d` prints them. */
  defaults?: ReadonlyMap<string, string>;
  /** gethostname(): the basis of $myhostname and $mydomain when main.cf does not set them. */
  hostname?: string;
  /** mail_version of the installed Postfix, e.g. "3.7.11". */
  version?: string;
  /** The machine's interface addresses, from which Postfix computes $mynetworks. */
  interfaces?: InterfaceAddress[];
  /** Names from /etc/hosts (lower case) and their addresses, for $inet_interfaces given by name. */
  hosts?: ReadonlyMap<string, string[]>;
}

/** Default of a built-in parameter that does not depend on main.cf, or undefined when unknown. */
export function staticDefault(name: string, installation: Installation | undefined): string | undefined {
  const fromPostconf = installation?.defaults?.get(name);
  if (fromPostconf !== undefined) return fromPostconf;
  const info = parameterInfo(name);
  if (!info) return undefined;
  if (name === 'mail_version' && installation?.version) return installation.version;
  return info.default ?? undefined;
}
