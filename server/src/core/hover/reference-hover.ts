// Hover on a $name inside a value: what it expands to in the scope of that line (main.cf, or the
// master.cf service whose -o holds it) and where that value is defined; for a main.cf reference,
// also the services that expand it differently because their -o overrides the name.

import { parameterDescription } from '../catalogue/catalogue';
import type { MasterScope } from '../config/postconf-model';
import { markdownLink, md } from '../markdown';
import { definitionOf, overridesOf } from '../navigation/definition';
import type { ConfigAnalysis } from '../analysis';
import { expandName, lineLabel } from './expansion';
import { postconfLink, shown } from './parameter-hover';

const MAX_OVERRIDES = 10;

export function referenceHover(a: ConfigAnalysis, name: string, scope: MasterScope | null): string {
  const out: string[] = [];
  const where = scope ? `for ${md(scope.service.id)}` : 'in main.cf';
  const x = expandName(a, name, scope);
  if (x === null) out.push(`**$${md(name)}** is not defined ${where}: Postfix replaces it with nothing.`);
  else if (!x.ok) out.push(`**$${md(name)}** cannot be expanded ${where}: ${md(x.why)}`);
  else out.push(`**$${md(name)}** expands ${where} to ${shown(x.value.trim())}`);

  const d = definitionOf(a, name, scope);
  const raw = d.value === null ? '' : `: ${shown(d.value)}`;
  switch (d.source) {
    case 'service':
      out.push(`Set by master.cf: the ${name === 'process_name' ? 'command' : 'service'} name of ${md(scope!.service.id)} (${lineLabel('master.cf', d.location!.range.start.line)})`);
      break;
    case 'override':
      out.push(`Defined by -o for ${md(scope!.service.id)}${d.location ? ` (${lineLabel('master.cf', d.location.range.start.line)})` : ''}${raw}`);
      break;
    case 'main.cf':
      out.push(`Defined in ${d.location ? lineLabel('main.cf', d.location.range.start.line) : 'main.cf'}${raw}`);
      break;
    case 'default':
      out.push(`Built-in default${raw}`);
      break;
  }
  if (!scope) {
    const overrides = overridesOf(a, name);
    if (overrides.length > 0) {
      const listed = overrides.slice(0, MAX_OVERRIDES).map((o) => {
        const v = expandName(a, name, o.scope);
        return `${md(o.service)} (${lineLabel('master.cf', o.override.nameRange.start.line)}): ${v && v.ok ? shown(v.value.trim()) : shown(o.override.value)}`;
      });
      if (overrides.length > MAX_OVERRIDES) listed.push(`and ${overrides.length - MAX_OVERRIDES} more`);
      out.push(`Services whose -o overrides it expand it differently: ${listed.join('; ')}`);
    }
  }
  const description = parameterDescription(name);
  if (description) out.push(md(description, 2000));
  const link = postconfLink(name);
  if (link) out.push(markdownLink(`postconf(5): ${name}`, link));
  return out.join('\n\n');
}
