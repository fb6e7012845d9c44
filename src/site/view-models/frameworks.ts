import { z } from 'zod';
import { FRAMEWORKS } from '../../core/frameworks/index.ts';
import type { SiteControl } from './controls.ts';

// The frameworks pages: the list, and one coverage matrix per framework.

export const SiteFramework = z.strictObject({
  id: z.enum(['soc2', 'iso27001']),
  name: z.string(),
  version: z.string(),
  groups: z.array(z.strictObject({ id: z.string(), title: z.string() })),
  criteria: z.array(
    z.strictObject({
      id: z.string(),
      group: z.string(),
      title: z.string(),
      /** The controls that map to the criterion. */
      controls: z.array(z.string()),
    }),
  ),
});
export type SiteFramework = z.infer<typeof SiteFramework>;

export function frameworksView(controls: readonly SiteControl[]): SiteFramework[] {
  return FRAMEWORKS.map((fw) => ({
    id: fw.id,
    name: fw.name,
    version: fw.version,
    groups: fw.groups,
    criteria: fw.criteria.map((cr) => ({
      ...cr,
      controls: controls.filter((c) => c.frameworks[fw.id].includes(cr.id)).map((c) => c.id),
    })),
  }));
}

/** The short name pages and search filters use for a framework. */
export const FRAMEWORK_LABEL = { soc2: 'SOC 2', iso27001: 'ISO 27001' } as const;

/** The full name a control page gives each framework it maps to. */
export const FRAMEWORK_NAME = { soc2: 'SOC 2', iso27001: 'ISO 27001:2022' } as const;

/** A framework's criteria by group, and those no control covers. */
export function frameworkGroups(framework: SiteFramework) {
  return {
    groups: framework.groups.map((group) => ({
      group,
      criteria: framework.criteria.filter((c) => c.group === group.id),
    })),
    uncovered: framework.criteria.filter((c) => c.controls.length === 0),
  };
}
