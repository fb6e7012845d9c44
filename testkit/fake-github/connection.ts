/** Arguments every GitHub connection takes. */
export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** A GraphQL error the fake answers with, as GitHub words it. */
export class FakeGithubError extends Error {
  readonly type: string;
  constructor(message: string, type = 'INVALID_ARGUMENT') {
    super(message);
    this.type = type;
  }
}

const encode = (i: number) => Buffer.from(`cursor:v2:${i}`).toString('base64');
const decode = (c: string) => {
  const m = /^cursor:v2:(\d+)$/.exec(Buffer.from(c, 'base64').toString());
  if (!m) throw new FakeGithubError(`\`${c}\` does not appear to be a valid cursor.`);
  return Number(m[1]);
};

/**
 * Cursor pagination over a list, with GitHub's rules: `first` or `last` is required and at
 * most 100, so a query that would page wrongly against the real API fails here too.
 */
export function connection<T>(items: readonly T[], args: PageArgs) {
  const { first, last, after, before } = args;
  if (first == null && last == null)
    throw new FakeGithubError(
      'You must provide a `first` or `last` value to properly paginate the connection.',
      'MISSING_PAGINATION_BOUNDARIES',
    );
  for (const [name, v] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (v != null && (v < 0 || v > 100))
      throw new FakeGithubError(
        `Requesting ${v} records on the connection exceeds the \`${name}\` limit of 100 records.`,
        'EXCESSIVE_PAGINATION',
      );
  }
  let start = after ? decode(after) + 1 : 0;
  let end = before ? decode(before) : items.length;
  if (first != null) end = Math.min(end, start + first);
  if (last != null) start = Math.max(start, end - last);
  const slice = items.slice(start, end).map((node, i) => ({ node, cursor: encode(start + i) }));
  return {
    totalCount: items.length,
    nodes: slice.map((e) => e.node),
    edges: slice,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: slice[0]?.cursor ?? null,
      endCursor: slice.at(-1)?.cursor ?? null,
    },
  };
}
