// The TLS-RPT TXT record at _smtp._tls.<domain> (RFC 8460 section 3): where senders send their
// daily reports of TLS failures. Of the TXT records there, those starting "v=TLSRPTv1" count;
// exactly one must, with a rua= field of mailto: or https: addresses, or senders send no report.
// Pure.

import { EXT_NAME, EXT_VALUE, recordsOfVersion, shown, splitFields, txtText, type DnsProblem } from './txt-record';

export type TlsRptProblemCode = 'no-record' | 'multiple-records' | 'bad-version' | 'missing-rua' | 'duplicate-rua' | 'bad-rua' | 'bad-field';

export type TlsRptProblem = DnsProblem<TlsRptProblemCode>;

export interface TlsRptRecord {
  /** The report addresses, in order: "mailto:..." or "https://...". */
  rua: string[];
  extensions: Map<string, string>;
  text: string;
}

export interface TlsRptResult {
  record?: TlsRptRecord;
  problems: TlsRptProblem[];
}

const VERSION = 'v=TLSRPTv1';

/** `txt`: each TXT record at _smtp._tls.<domain> as its character-strings. */
export function parseTlsRptRecords(txt: readonly (readonly string[])[], name: string): TlsRptResult {
  const at = shown(name, 100);
  const ours = recordsOfVersion(txt.map(txtText), VERSION);
  if (ours.length === 0) return { problems: [{ problem: 'no-record', message: `No TXT record at ${at} starts with "${VERSION}": senders send no TLS reports for the domain.` }] };
  if (ours.length > 1) {
    return {
      problems: [
        {
          problem: 'multiple-records',
          message: `${ours.length} TXT records at ${at} start with "${VERSION}": senders use none of them and send no TLS reports (RFC 8460 section 3). Keep one.`,
        },
      ],
    };
  }
  const text = ours[0]!;
  const problems: TlsRptProblem[] = [];
  const say = (problem: TlsRptProblemCode, why: string) => problems.push({ problem, message: `The TLS-RPT record at ${at} ${why}; senders send no reports (RFC 8460 section 3).` });
  const { version, fields, empty } = splitFields(text);
  if (version !== VERSION) say('bad-version', `starts with ${shown(version, 40)} where "${VERSION}" must stand alone before the first ";"`);
  if (empty > 0) say('bad-field', 'has an empty field (";;")');
  const extensions = new Map<string, string>();
  let rua: string[] | undefined;
  for (const f of fields) {
    if (f.name === 'rua') {
      if (rua !== undefined) {
        say('duplicate-rua', 'has more than one rua= field: list every address in one, separated by commas');
        continue;
      }
      rua = f.value.split(',').map((u) => u.replace(/^[\t ]+|[\t ]+$/g, ''));
      for (const u of rua) {
        const why = ruaProblem(u);
        if (why) say('bad-rua', `has a report address ${shown(u, 60)} that ${why}`);
      }
    } else if (!EXT_NAME.test(f.name) || !EXT_VALUE.test(f.value)) {
      say('bad-field', `has a field ${shown(f.raw, 40)} that is neither rua=… nor name=value of printable ASCII without spaces`);
    } else if (!extensions.has(f.name)) extensions.set(f.name, f.value);
  }
  if (rua === undefined) say('missing-rua', 'has no rua= field naming where reports go');
  if (problems.length > 0 || rua === undefined) return { problems };
  return { record: { rua, extensions, text }, problems };
}

/** Why a rua URI is no report address senders can use, or null. */
function ruaProblem(uri: string): string | null {
  if (uri === '') return 'is empty';
  // URI characters (RFC 3986), "%" escapes included; no blanks, no ";" (it would end the field).
  if (!/^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+=%]+$/.test(uri)) return 'has characters a URI cannot hold unescaped (spaces, ";", non-ASCII): write them as %XX';
  const colon = uri.indexOf(':');
  const scheme = uri.slice(0, colon).toLowerCase();
  const rest = uri.slice(colon + 1);
  if (scheme === 'mailto') return /^[^@?]+@[A-Za-z0-9.-]+\.[A-Za-z0-9-]+(\?.*)?$/.test(rest) ? null : 'is not mailto:local@domain';
  if (scheme === 'https') return /^\/\/[A-Za-z0-9.-]+(:[0-9]+)?(\/.*)?$/.test(rest) ? null : 'is not https://host/path';
  return 'is neither mailto: nor https: (the only schemes RFC 8460 defines)';
}
