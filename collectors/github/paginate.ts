// One cursor iterator for every paginated GitHub read, after octokit's plugin-paginate-graphql:
// ask, find the connection's pageInfo, move the cursor, ask again while there is another page.
// The query text and its variables are the caller's; the iterator only sets the cursor variable
// (`after` going forward, `before` going back, as the pageInfo's shape says).
import { GithubApiError, type GithubClient, type QueryOptions } from './client.ts';

export type PageInfo =
  | { hasNextPage: boolean; endCursor: string | null }
  | { hasPreviousPage: boolean; startCursor: string | null };

/** A GraphQL connection: one page of nodes and where the next one starts. */
export interface Connection<T, P extends PageInfo = PageInfo> {
  nodes: T[];
  pageInfo: P;
}

export interface PageRequest<Data, Node> {
  query: string;
  variables: Record<string, unknown>;
  /** Where the connection is in an answer; null or undefined ends the reading (a node gone). */
  connection: (data: Data) => Connection<Node> | null | undefined;
  /** Continue after a page already in hand (a nested connection read with its parent). */
  from?: PageInfo;
  /**
   * Variables that change after the first page (a first page asked small), or a function of
   * the last answer and the nodes read so far (a last page asked only as large as what is left).
   */
  laterPages?: Record<string, unknown> | ((data: Data, read: number) => Record<string, unknown>);
  /** Passed to every request (the points a page is expected to cost). */
  options?: QueryOptions;
}

const isForward = (p: PageInfo): p is Extract<PageInfo, { hasNextPage: boolean }> =>
  'hasNextPage' in p;

/** Whether another page follows this one, in the direction the pageInfo reads. */
export function hasAnotherPage(pageInfo: PageInfo): boolean {
  return isForward(pageInfo) ? pageInfo.hasNextPage : pageInfo.hasPreviousPage;
}

/** The cursor of the next page, and the variable that carries it. */
export function nextCursor(pageInfo: PageInfo): {
  variable: 'after' | 'before';
  cursor: string | null;
} {
  return isForward(pageInfo)
    ? { variable: 'after', cursor: pageInfo.endCursor }
    : { variable: 'before', cursor: pageInfo.startCursor };
}

/**
 * The pages of one connection, each with the answer it came in, asked for one at a time: a
 * reader that stops early (an incremental run reaching its cursor) asks for no more.
 */
export async function* pages<Data, Node>(
  client: Pick<GithubClient, 'query'>,
  request: PageRequest<Data, Node>,
): AsyncGenerator<{ page: Connection<Node>; data: Data }> {
  let variables = request.variables;
  let next: ReturnType<typeof nextCursor> = request.from
    ? nextCursor(request.from)
    : { variable: 'after', cursor: null };
  if (request.from && !hasAnotherPage(request.from)) return;
  let read = 0;
  for (;;) {
    const data = await client.query<Data>(
      request.query,
      { ...variables, [next.variable]: next.cursor },
      request.options,
    );
    const page = request.connection(data);
    if (!page) return;
    yield { page, data };
    if (!hasAnotherPage(page.pageInfo)) return;
    const following = nextCursor(page.pageInfo);
    // A server that hands back the same cursor would have us read the same page forever.
    if (following.cursor === next.cursor)
      throw new GithubApiError(`GitHub returned the same page cursor twice (${next.cursor})`);
    next = following;
    read += page.nodes.length;
    const later =
      typeof request.laterPages === 'function'
        ? request.laterPages(data, read)
        : request.laterPages;
    if (later) variables = { ...variables, ...later };
  }
}

/** Every node of a connection whose first page is in hand, the rest read page by page. */
export async function allNodes<Data, Node>(
  client: Pick<GithubClient, 'query'>,
  first: Connection<Node>,
  request: Omit<PageRequest<Data, Node>, 'from'>,
): Promise<Node[]> {
  const nodes = [...first.nodes];
  for await (const { page } of pages(client, { ...request, from: first.pageInfo }))
    nodes.push(...page.nodes);
  return nodes;
}
