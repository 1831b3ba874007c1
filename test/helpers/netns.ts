// A network namespace of its own for tools that read /etc/resolv.conf and have no resolver option
// (posttls-finger): `ip netns exec` bind-mounts /etc/netns/NAME/resolv.conf over /etc/resolv.conf,
// here naming 127.0.0.1 (the lab's validating unbound on port 53) with trust-ad, without which glibc
// hides the AD bit. Its loopback is its own: every packet of the run stays inside. Root only.
// Facts it follows: ../shared/recipes/dnssec-lab.md.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { run } from './postfix-loopback';

export const IP = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].find((p) => fs.existsSync(p)) ?? null;

export interface Netns {
  name: string;
  /** The argv that runs `argv` inside the namespace. */
  exec(argv: string[]): string[];
  remove(): Promise<void>;
}

/** Creates the namespace with its loopback up; throws with `ip`'s own words when it cannot. */
export async function createNetns(name: string): Promise<Netns> {
  if (!IP) throw new Error('the ip command (iproute2) is not installed');
  const etc = path.join('/etc/netns', name);
  fs.mkdirSync(etc, { recursive: true });
  fs.writeFileSync(path.join(etc, 'resolv.conf'), 'nameserver 127.0.0.1\noptions trust-ad\n');
  const remove = async () => {
    await run(IP, ['netns', 'del', name]);
    fs.rmSync(etc, { recursive: true, force: true });
  };
  for (const args of [['netns', 'add', name], ['netns', 'exec', name, IP, 'link', 'set', 'lo', 'up']]) {
    const r = await run(IP, args);
    if (r.status !== 0) {
      await remove();
      throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim() || `exit ${r.status}`}`);
    }
  }
  return { name, exec: (argv) => [IP, 'netns', 'exec', name, ...argv], remove };
}
