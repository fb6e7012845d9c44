import { z } from 'zod';
import iso27001 from './iso27001.json' with { type: 'json' };
import soc2 from './soc2.json' with { type: 'json' };

export const FrameworkCatalog = z.strictObject({
  id: z.enum(['soc2', 'iso27001']),
  name: z.string(),
  version: z.string(),
  groups: z.array(z.strictObject({ id: z.string(), title: z.string() })),
  criteria: z.array(z.strictObject({ id: z.string(), group: z.string(), title: z.string() })),
});
export type FrameworkCatalog = z.infer<typeof FrameworkCatalog>;
export type FrameworkId = FrameworkCatalog['id'];

/** The catalogs shipped with Docket, in display order. */
export const FRAMEWORKS: readonly FrameworkCatalog[] = [
  FrameworkCatalog.parse(soc2),
  FrameworkCatalog.parse(iso27001),
];

export function frameworkById(id: FrameworkId): FrameworkCatalog {
  const found = FRAMEWORKS.find((f) => f.id === id);
  if (!found) throw new Error(`unknown framework ${id}`);
  return found;
}
