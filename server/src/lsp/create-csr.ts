// postfixLens/createCsr: an RSA key and a certificate signing request for the names the
// configuration needs ($myhostname, postfixLens.hostnames, and the names the user adds), written
// beside main.cf as <first name>.key (mode 0600) and <first name>.csr. A file is never overwritten:
// both are created with O_EXCL, and when either name is taken the next pair (-1, -2, ...) is tried.
// The key comes from Node's native generator, which runs on libuv's thread pool: the server keeps
// answering while a 3072-bit key is found.

import { generateKeyPair } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { Connection } from 'vscode-languageserver';
import { CreateCsrRequest, type CreateCsrParams, type CreateCsrResult, type RsaBits } from '../protocol';
import { configHostnames } from './probe';
import { safely } from './safe';
import type { Settings } from './settings';
import type { ConfigWorkspace } from './workspace';

const MAX_ATTEMPTS = 1000;

/** The CSR code, loaded on first use: it brings the whole of node-forge (its pki layer), megabytes the server otherwise never needs. */
const csrModule = () => import('../core/tls/csr');

function rsaKeyPem(bits: RsaBits): Promise<string> {
  return new Promise((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: bits, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }, (err, _pub, priv) =>
      err ? reject(err) : resolve(priv),
    ),
  );
}

/** Creates `file` with `text`, failing with EEXIST when it exists (never follows or replaces anything). */
async function createExclusive(file: string, text: string, mode: number): Promise<void> {
  const h = await fs.open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), mode);
  try {
    await h.chmod(mode); // the umask may have taken bits away from a public file; never adds any to the key
    await h.writeFile(text);
  } finally {
    await h.close();
  }
}

/** Writes the key and the CSR under the first free pair of names; returns their paths. */
export async function writeKeyAndCsr(dir: string, stem: string, keyPem: string, csrPem: string): Promise<{ keyPath: string; csrPath: string }> {
  const { csrFileNames } = await csrModule();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const names = csrFileNames(stem, attempt);
    const keyPath = path.join(dir, names.key);
    const csrPath = path.join(dir, names.csr);
    try {
      await fs.lstat(csrPath);
      continue; // the CSR's name is taken: do not even create the key
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    try {
      await createExclusive(keyPath, keyPem, 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw e;
    }
    try {
      await createExclusive(csrPath, csrPem, 0o644);
    } catch (e) {
      await fs.unlink(keyPath).catch(() => undefined); // ours, made a moment ago
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw e;
    }
    return { keyPath, csrPath };
  }
  throw new Error(`${path.join(dir, stem)}.key and ${MAX_ATTEMPTS} numbered variants all exist`);
}

export async function createCsr(workspace: ConfigWorkspace, settings: Settings, p: CreateCsrParams): Promise<CreateCsrResult> {
  const bits: RsaBits = p.bits === 3072 ? 3072 : 2048;
  const { buildCsrPem, checkCsrNames, csrFileStem, csrNextSteps } = await csrModule();
  const r = typeof p.uri === 'string' ? workspace.analyze(p.uri) : null;
  if (!r || URI.parse(r.mainUri).scheme !== 'file') return { ok: false, message: 'Open a main.cf (or master.cf) that is saved on disk: the key and the request are written beside main.cf.' };
  const extra = Array.isArray(p.extraNames) ? p.extraNames.filter((n): n is string => typeof n === 'string') : [];
  const { names, problems } = checkCsrNames([...configHostnames(r.analysis, settings.hostnames), ...extra]);
  if (problems.length) return { ok: false, message: `Nothing was written: ${problems.join(' ')}` };
  if (names.length === 0) return { ok: false, message: 'Nothing was written: the configuration names no host ($myhostname is empty) and no name was added.' };
  const keyPem = await rsaKeyPem(bits);
  const csrPem = buildCsrPem(keyPem, names);
  const dir = URI.parse(r.mainUri).fsPath.replace(/[/\\][^/\\]*$/, '') || '/';
  try {
    const { keyPath, csrPath } = await writeKeyAndCsr(dir, csrFileStem(names[0]!), keyPem, csrPem);
    const fullchainPath = keyPath.replace(/\.key$/, '.fullchain.pem');
    return { ok: true, keyPath, csrPath, names, bits, nextSteps: csrNextSteps({ keyPath, csrPath, fullchainPath, names, bits }) };
  } catch (e) {
    return { ok: false, message: `Nothing was written to ${dir}: ${(e as Error).message}` };
  }
}

export function registerCreateCsr(connection: Connection, workspace: ConfigWorkspace, settings: () => Settings): void {
  connection.onRequest(
    CreateCsrRequest.type,
    safely(connection, 'create CSR', { ok: false, message: 'postfix-lens failed to create the request (see the output channel); this is a bug.' } as CreateCsrResult, (p) =>
      createCsr(workspace, settings(), p ?? ({} as CreateCsrParams)),
    ),
  );
}
