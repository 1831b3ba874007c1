// Hover on a parameter name: our short description, its type, its default, the value in effect
// (written and expanded) where the cursor is, where master.cf overrides it, and a link to postconf(5).
// Every text from the configuration is escaped (see ../markdown.ts).

import { deprecationIn, parameterDescription, parameterInfo, type ParameterInfo } from '../catalogue/catalogue';
import type { MasterScope } from '../config/postconf-model';
import { markdownLink, md } from '../markdown';
import { definitionOf, overridesOf } from '../navigation/definition';
import type { ConfigAnalysis } from '../analysis';
import { expandValue, lineLabel } from './expansion';

const MAX_OVERRIDES = 10;

export function postconfLink(name: string): string | null {
  return /^[a-z0-9_]+$/.test(name) && parameterInfo(name) ? `https://www.postfix.org/postconf.5.html#${name}` : null;
}

function typeText(info: ParameterInfo): string {
  if (info.type === 'enum' && info.values) return `one of ${info.values.join(', ')}`;
  if (info.type === 'boolean') return 'yes or no';
  if (info.type === 'list' && info.items) return `list of ${info.items.join(', ')}`;
  if (info.type === 'time') return `time (a number with unit s, m, h, d or w; default unit ${info.unit ?? 's'})`;
  if (info.type === 'integer') return 'whole number';
  return info.type;
}

/** Shown value: "(empty)" for an empty one, else the escaped, clipped text. */
export function shown(value: string): string {
  return value === '' ? '*(empty)*' : md(value.replace(/\s+/g, ' '));
}

export function parameterHover(a: ConfigAnalysis, name: string, scope: MasterScope | null): string {
  const info = parameterInfo(name);
  const out: string[] = [];
  out.push(`**${md(name)}**${info ? `: ${md(typeText(info))}` : a.model.isKnown(name) ? '' : ': not a Postfix parameter'}`);
  const description = parameterDescription(name);
  if (description) out.push(md(description, 2000));
  else if (!info && !a.model.isKnown(name)) out.push(md(`Postfix ${a.version} does not know ${name}: it is a user-defined name, useful only as a $name in other values.`));

  const facts: string[] = [];
  if (a.model.isKnown(name) || info) {
    let def: string | null;
    try {
      def = a.model.defaultValue(name) ?? info?.default ?? null;
    } catch {
      def = info?.default ?? null;
    }
    if (def !== null) facts.push(`Default: ${shown(def)}`);
  }
  if (info?.since) facts.push(`Since Postfix ${md(info.since)}`);
  if (info?.deprecated) {
    // Obsolete only from a later release on: say so, without telling to replace it now.
    const now = deprecationIn(info, a.version);
    const dep = now ?? info.deprecated;
    const when = now ? `Obsolete${dep.since ? ` since Postfix ${md(dep.since)}` : ''}` : `Obsolete from Postfix ${md(dep.since!)} on, not in ${md(a.version)}`;
    facts.push(`${when}${dep.replacement ? `: ${now ? 'use' : 'then use'} ${md(dep.replacement)}` : ''}${dep.note ? `. ${md(dep.note)}` : ''}`);
  }

  const d = definitionOf(a, name, scope);
  const where =
    d.source === 'override' ? `by -o${d.location ? `, ${lineLabel('master.cf', d.location.range.start.line)}` : ''}`
    : d.source === 'main.cf' ? `in ${d.location ? lineLabel('main.cf', d.location.range.start.line) : 'main.cf'}`
    : d.source === 'service' ? `by master.cf for ${md(scope!.service.id)}`
    : d.source === 'default' ? 'by default'
    : null;
  if (d.value !== null && where) {
    facts.push(`Value ${scope ? `for ${md(scope.service.id)} ` : ''}(set ${where}): ${shown(d.value)}`);
    const x = expandValue(a, d.value, scope);
    if (!x.ok) facts.push(`Cannot be expanded: ${md(x.why)}`);
    else if (x.value !== d.value) facts.push(`Expands to: ${shown(x.value.trim())}`);
  } else if (d.source === 'undefined') facts.push('Not set anywhere.');

  const overrides = overridesOf(a, name);
  if (overrides.length > 0) {
    const listed = overrides.slice(0, MAX_OVERRIDES).map((o) => `${md(o.service)} (${lineLabel('master.cf', o.override.nameRange.start.line)}): ${shown(o.override.value)}`);
    if (overrides.length > MAX_OVERRIDES) listed.push(`and ${overrides.length - MAX_OVERRIDES} more`);
    facts.push(`Overridden in master.cf by ${listed.join('; ')}`);
  }
  if (facts.length) out.push(facts.map((f) => `- ${f}`).join('\n'));
  const link = postconfLink(name);
  if (link) out.push(markdownLink(`postconf(5): ${name}`, link));
  return out.join('\n\n');
}
