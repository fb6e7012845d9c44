import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/**
 * GitHub's documented rate-limit cost: add up the requests needed to fill every connection
 * (a connection nested in one of 100 parents needs 100), divide by 100, round, at least 1.
 * `nodes(ids: [...])` is as many parents as it names ids. Also returns the node count GitHub
 * limits to 500,000.
 */
export function queryCost(
  doc: DocumentNode,
  variables: Record<string, unknown>,
): { cost: number; nodes: number } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let requests = 0;
  let nodes = 0;
  const value = (v: ValueNode | undefined): number | undefined => {
    if (!v) return undefined;
    if (v.kind === Kind.INT) return Number(v.value);
    if (v.kind === Kind.VARIABLE) {
      const x = variables[v.name.value];
      return typeof x === 'number' ? x : undefined;
    }
    return undefined;
  };
  /** The length of an `ids` list argument, literal or variable. */
  const listLength = (v: ValueNode | undefined): number | undefined => {
    if (v?.kind === Kind.LIST) return v.values.length;
    if (v?.kind === Kind.VARIABLE) {
      const x = variables[v.name.value];
      return Array.isArray(x) ? x.length : undefined;
    }
    return undefined;
  };
  const walk = (set: SelectionSetNode | undefined, parents: number, seen: Set<string>): void => {
    if (!set) return;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const size =
          value(sel.arguments?.find((a) => a.name.value === 'first')?.value) ??
          value(sel.arguments?.find((a) => a.name.value === 'last')?.value);
        if (size !== undefined) {
          requests += parents;
          nodes += parents * size;
          walk(sel.selectionSet, parents * size, seen);
        } else {
          const ids = listLength(sel.arguments?.find((a) => a.name.value === 'ids')?.value);
          walk(sel.selectionSet, parents * (ids ?? 1), seen);
        }
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        walk(sel.selectionSet, parents, seen);
      } else if (!seen.has(sel.name.value)) {
        walk(
          fragments.get(sel.name.value)?.selectionSet,
          parents,
          new Set([...seen, sel.name.value]),
        );
      }
    }
  };
  for (const d of doc.definitions)
    if (d.kind === Kind.OPERATION_DEFINITION) walk(d.selectionSet, 1, new Set());
  return { cost: Math.max(1, Math.round(requests / 100)), nodes };
}
