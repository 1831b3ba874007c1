// EHLO reply parsing (RFC 5321 4.1.1.1): the first line names the server, each later line is one
// extension: a keyword, then parameters separated by spaces. Keywords compare case-insensitively.

import { escapeWireLine } from '../escape.js';

export interface EhloExtension {
  /** Upper-case keyword, e.g. "STARTTLS", "SIZE", "AUTH". */
  keyword: string;
  params: string[];
}

const KEYWORD = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

/** `texts` are the reply's line texts after "250-" / "250 " (raw latin1). Malformed lines are skipped. */
export function parseEhlo(texts: readonly string[]): EhloExtension[] {
  const out: EhloExtension[] = [];
  for (const text of texts.slice(1)) {
    const [keyword, ...params] = text.trim().split(/[ \t]+/);
    if (!keyword || !KEYWORD.test(keyword)) continue;
    out.push({ keyword: keyword.toUpperCase(), params: params.map((p) => escapeWireLine(p)) });
  }
  return out;
}

export function offers(extensions: readonly EhloExtension[], keyword: string): boolean {
  return extensions.some((e) => e.keyword === keyword);
}

/** "SIZE 10240000" for reports. */
export function formatExtension(e: EhloExtension): string {
  return [e.keyword, ...e.params].join(' ');
}
