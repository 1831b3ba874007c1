// What vscode-languageclient asks of semver: when a LanguageClient is made, it parses VS Code's version
// and checks it against its own caret range (`^1.91.0`, REQUIRED_VSCODE_VERSION in its node/main.js).
// semver is 20 KB that builds about 40 regular expressions as it loads and a Range object per check,
// several milliseconds of the extension's activation. The client bundle (scripts/build.mjs) gets these
// two functions instead; test/client/semver-caret.test.ts holds them to semver's answers.

/** The fields of a semver SemVer that the check reads. */
export interface Version {
  major: number;
  minor: number;
  patch: number;
  prerelease: (string | number)[];
  version: string;
}

const NUM = '0|[1-9]\\d*';
const PRE_ID = `(?:${NUM}|\\d*[a-zA-Z-][a-zA-Z0-9-]*)`;
// semver's FULL form (not loose): v?1.2.3, -pre.release identifiers, +build metadata.
const VERSION = new RegExp(`^v?(${NUM})\\.(${NUM})\\.(${NUM})(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$`);

/** semver's parse(): the version, or null when the text is not a valid one. */
export function parse(text: unknown): Version | null {
  if (isVersion(text)) return text;
  if (typeof text !== 'string' || text.length > 256) return null;
  const m = VERSION.exec(text.trim());
  if (!m) return null;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (![major, minor, patch].every(Number.isSafeInteger)) return null;
  const prerelease = m[4] ? m[4].split('.').map((id) => (/^\d+$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : id)) : [];
  return { major, minor, patch, prerelease, version: `${major}.${minor}.${patch}${prerelease.length ? `-${prerelease.join('.')}` : ''}` };
}

/**
 * semver's satisfies() for a caret range `^M.m.p` (the only form vscode-languageclient uses; any other
 * throws). A version with a prerelease does not satisfy it, as in semver (the client clears VS Code's
 * prerelease first).
 */
export function satisfies(version: unknown, range: string): boolean {
  const r = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
  if (!r) throw new Error(`semver-caret: only ^major.minor.patch ranges, not ${JSON.stringify(range)}`);
  const v = parse(version);
  if (!v || v.prerelease.length > 0) return false;
  const [M, m, p] = [Number(r[1]), Number(r[2]), Number(r[3])];
  const atLeast = v.major !== M ? v.major > M : v.minor !== m ? v.minor > m : v.patch >= p;
  // Below the next major, or for 0.x the next minor, or for 0.0.x the next patch.
  const below = M > 0 ? v.major === M : m > 0 ? v.major === 0 && v.minor === m : v.major === 0 && v.minor === 0 && v.patch === p;
  return atLeast && below;
}

function isVersion(x: unknown): x is Version {
  return typeof x === 'object' && x !== null && typeof (x as Version).major === 'number' && Array.isArray((x as Version).prerelease);
}
