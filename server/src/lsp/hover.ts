// textDocument/hover: what is under the cursor, described by core/hover. Certificate details come
// from the workspace's certificate checks, whose cache means a hover reads no unchanged file again.

import type { Hover, HoverParams } from 'vscode-languageserver';
import { cipherListOfSetting, hoverAt, isCertificateSetting, isTlsCipherSetting, type HoverInput } from '../core/hover/index';
import type { CipherSuitesAnswer } from '../core/tls/cipher-list';
import { targetAt } from '../core/navigation/at-position';
import type { ConfigWorkspace, PairResult } from './workspace';

/**
 * `dns`: the last DNS check's TLSA records for the pair, when there was one (lsp/dns-check.ts).
 * `ciphers`: the suites the installed OpenSSL yields for a cipher list (io/openssl-ciphers.ts; it
 * runs nothing in an untrusted workspace).
 */
export async function hover(
  workspace: ConfigWorkspace,
  params: HoverParams,
  dns?: (r: PairResult) => HoverInput['tlsa'],
  ciphers?: (list: string) => Promise<CipherSuitesAnswer>,
): Promise<Hover | null> {
  const doc = workspace.documentAnalysis(params.textDocument.uri);
  if (!doc) return null;
  const { analysis } = doc.result;
  const target = targetAt(analysis, doc.file, doc.positions.toCore(params.position));
  if (!target) return null;
  const needsCertificates = (target.kind === 'name' || target.kind === 'value') && isCertificateSetting(target.setting.name);
  const checked = needsCertificates ? (await workspace.certificateChecks(doc.result)).checked : undefined;
  const tlsa = needsCertificates ? dns?.(doc.result) : undefined;
  const list = (target.kind === 'name' || target.kind === 'value') && ciphers && isTlsCipherSetting(target.setting.name) ? cipherListOfSetting(analysis, target.setting.name, target.setting.scope) : null;
  const cipherSuites = list?.ok ? await ciphers!(list.list) : undefined;
  const h = hoverAt(analysis, target, { checked, now: new Date(), ...(tlsa ? { tlsa } : {}), ...(cipherSuites ? { cipherSuites } : {}) });
  return h ? { contents: { kind: 'markdown', value: h.markdown }, range: doc.positions.rangeToEditor(h.range) } : null;
}
