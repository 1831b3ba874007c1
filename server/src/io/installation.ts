// What the installed Postfix says about itself: `postconf -d` (built-in defaults, including the
// distribution's paths) and mail_version. Running postconf costs ~10 ms, so the answer is cached on
// disk, keyed by the postconf binary (path, size, mtime, inode) and the host name, and reused until
// either changes. Never a shell: postconf is run with an argument vector.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Installation } from '../core/config/defaults';
import type { InterfaceAddress } from '../core/config/mynetworks';

const CANDIDATES = ['/usr/sbin/postconf', '/usr/local/sbin/postconf', '/opt/local/sbin/postconf', '/usr/bin/postconf'];

/**
 * Where postconf is: the given path, else $PATH, else the usual places. Null when not installed.
 * Only absolute paths: a relative one, and a relative $PATH entry ("" and "." included), name the
 * current directory, which for the language server is the folder the editor opened, and no program
 * from a folder may run because the folder was opened. An explicit relative path gives null.
 */
export function findPostconf(explicit?: string): string | null {
  if (explicit) return path.isAbsolute(explicit) && isExecutable(explicit) ? explicit : null;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!path.isAbsolute(dir)) continue;
    const p = path.join(dir, 'postconf');
    if (isExecutable(p)) return p;
  }
  for (const p of CANDIDATES) if (isExecutable(p)) return p;
  return null;
}

function isExecutable(p: string): boolean {
  try {
    const st = fs.statSync(p);
    return st.isFile() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'postfix-lens');
}

interface CacheFile {
  key: string;
  version: string;
  defaults: [string, string][];
}

/** Parse `name = value` lines of postconf output. */
export function parsePostconfOutput(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf(' =');
    if (i <= 0) continue;
    out.set(line.slice(0, i), line.slice(i + 2).replace(/^ /, ''));
  }
  return out;
}

/**
 * The installation as far as it can be known without reading any configuration: built-in defaults
 * from `postconf -d` (run against an empty configuration directory so that no master.cf service
 * adds parameters), mail_version, and the host name. Without postconf, only the host name.
 */
export function localInterfaces(): InterfaceAddress[] {
  const out: InterfaceAddress[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) out.push({ address: a.address, netmask: a.netmask, family: a.family === 'IPv6' ? 'IPv6' : 'IPv4' });
  }
  return out;
}

/** /etc/hosts as name -> addresses, in file order. */
export function readHostsFile(file = '/etc/hosts'): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    const words = line.replace(/#.*/, '').trim().split(/\s+/);
    if (words.length < 2) continue;
    for (const name of words.slice(1)) {
      const key = name.toLowerCase();
      const list = out.get(key) ?? [];
      if (!list.includes(words[0])) list.push(words[0]);
      out.set(key, list);
    }
  }
  return out;
}

/**
 * `runPostconf: false` (an untrusted workspace): postconf is neither run nor looked for, and its
 * cached answer is not used; the result is what a machine without Postfix gives.
 */
export function loadInstallation(options: { postconfPath?: string; useCache?: boolean; runPostconf?: boolean } = {}): Installation & { postconf: string | null } {
  const hostname = os.hostname();
  const interfaces = localInterfaces();
  let hostsCache: Map<string, string[]> | undefined;
  const hosts = {
    get: (name: string) => (hostsCache ??= readHostsFile()).get(name),
  } as unknown as ReadonlyMap<string, string[]>;
  if (options.runPostconf === false) return { hostname, interfaces, hosts, postconf: null };
  const postconf = findPostconf(options.postconfPath);
  if (!postconf) return { hostname, interfaces, hosts, postconf: null };
  let key: string;
  try {
    const st = fs.statSync(postconf);
    key = [fs.realpathSync(postconf), st.size, st.mtimeMs, st.ino, hostname].join('|');
  } catch {
    return { hostname, interfaces, hosts, postconf: null };
  }
  const file = path.join(cacheDir(), 'postconf-defaults.json');
  if (options.useCache !== false) {
    try {
      const cached = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheFile;
      if (cached.key === key) return { hostname, interfaces, hosts, postconf, version: cached.version, defaults: new Map(cached.defaults) };
    } catch {
      /* no cache yet, or unreadable: ask postconf */
    }
  }
  let tmp: string | undefined;
  try {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-lens-'));
    fs.writeFileSync(path.join(tmp, 'main.cf'), '');
    fs.writeFileSync(path.join(tmp, 'master.cf'), '');
    // Loaded only here: child_process costs ~10 ms of start-up that a cached run does not need.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
    const r = spawnSync(postconf, ['-c', tmp, '-d'], { encoding: 'latin1', timeout: 10_000, maxBuffer: 16 * 1024 * 1024 });
    if (r.status !== 0 || !r.stdout) return { hostname, interfaces, hosts, postconf };
    const defaults = parsePostconfOutput(r.stdout);
    const version = defaults.get('mail_version') ?? '';
    // Varies with every run of postconf.
    defaults.delete('process_id');
    try {
      fs.mkdirSync(cacheDir(), { recursive: true });
      const data: CacheFile = { key, version, defaults: [...defaults] };
      fs.writeFileSync(file + '.tmp', JSON.stringify(data));
      fs.renameSync(file + '.tmp', file);
    } catch {
      /* a read-only home is fine: we just ask again next time */
    }
    return { hostname, interfaces, hosts, postconf, version, defaults };
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}
