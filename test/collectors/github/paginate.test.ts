import { describe, expect, it } from 'vitest';
import { GithubApiError } from '../../../collectors/github/client.ts';
import {
  allNodes,
  hasAnotherPage,
  nextCursor,
  pages,
  type Connection,
} from '../../../collectors/github/paginate.ts';

type Answer = { repository: { items: Connection<number> } | null };

/** A client that answers from a list of pages keyed by cursor, and records what it was asked. */
function stubClient(byCursor: Record<string, Answer>) {
  const asked: Record<string, unknown>[] = [];
  return {
    asked,
    async query<T>(_query: string, variables: Record<string, unknown> = {}): Promise<T> {
      asked.push(variables);
      const key = String(variables.after ?? variables.before ?? 'start');
      const answer = byCursor[key];
      if (!answer) throw new Error(`no page for ${key}`);
      return answer as T;
    },
  };
}

const forward = (nodes: number[], endCursor: string | null): Answer => ({
  repository: { items: { nodes, pageInfo: { hasNextPage: endCursor !== null, endCursor } } },
});
const items = (data: Answer) => data.repository?.items;

describe('page info', () => {
  it('reads forward (after/endCursor) or backward (before/startCursor) by its shape', () => {
    expect(hasAnotherPage({ hasNextPage: true, endCursor: 'e' })).toBe(true);
    expect(hasAnotherPage({ hasPreviousPage: false, startCursor: 's' })).toBe(false);
    expect(nextCursor({ hasNextPage: true, endCursor: 'e' })).toEqual({
      variable: 'after',
      cursor: 'e',
    });
    expect(nextCursor({ hasPreviousPage: true, startCursor: 's' })).toEqual({
      variable: 'before',
      cursor: 's',
    });
  });
});

describe('pages', () => {
  it('asks page after page with the cursor set, keeping the caller’s variables and their order', async () => {
    const client = stubClient({
      start: forward([1, 2], 'a'),
      a: forward([3], 'b'),
      b: forward([4], null),
    });
    const seen: number[][] = [];
    for await (const { page } of pages(client, {
      query: 'q',
      variables: { owner: 'o', first: 2 },
      laterPages: { first: 100 },
      connection: items,
    }))
      seen.push(page.nodes);
    expect(seen).toEqual([[1, 2], [3], [4]]);
    expect(client.asked).toEqual([
      { owner: 'o', first: 2, after: null },
      { owner: 'o', first: 100, after: 'a' },
      { owner: 'o', first: 100, after: 'b' },
    ]);
    expect(client.asked.map((v) => Object.keys(v))).toEqual([
      ['owner', 'first', 'after'],
      ['owner', 'first', 'after'],
      ['owner', 'first', 'after'],
    ]);
  });

  it('asks for no more once the reader stops', async () => {
    const client = stubClient({ start: forward([1], 'a'), a: forward([2], 'b') });
    for await (const { page } of pages(client, { query: 'q', variables: {}, connection: items }))
      if (page.nodes.includes(1)) break;
    expect(client.asked).toHaveLength(1);
  });

  it('ends when the connection is gone (the node was deleted meanwhile)', async () => {
    const client = stubClient({ start: { repository: null } });
    const seen = [];
    for await (const p of pages(client, { query: 'q', variables: {}, connection: items }))
      seen.push(p);
    expect(seen).toEqual([]);
  });

  it('continues backward from a page in hand, and not at all when it was the only one', async () => {
    const client = stubClient({
      s1: {
        repository: {
          items: { nodes: [7], pageInfo: { hasPreviousPage: false, startCursor: 's0' } },
        },
      },
    });
    const read = async (from: { hasPreviousPage: boolean; startCursor: string | null }) => {
      const out: number[] = [];
      for await (const { page } of pages(client, {
        query: 'q',
        variables: { id: 'I_1' },
        from,
        connection: items,
      }))
        out.push(...page.nodes);
      return out;
    };
    expect(await read({ hasPreviousPage: true, startCursor: 's1' })).toEqual([7]);
    expect(client.asked).toEqual([{ id: 'I_1', before: 's1' }]);
    expect(await read({ hasPreviousPage: false, startCursor: 's1' })).toEqual([]);
    expect(client.asked).toHaveLength(1);
  });

  it('stops a server that hands back the same cursor twice instead of reading forever', async () => {
    const client = stubClient({ start: forward([1], 'a'), a: forward([2], 'a') });
    const read = async () => {
      for await (const _ of pages(client, { query: 'q', variables: {}, connection: items }));
    };
    await expect(read()).rejects.toThrow(GithubApiError);
  });
});

describe('allNodes', () => {
  it('is the first page’s nodes and every following page’s', async () => {
    const client = stubClient({ a: forward([3, 4], 'b'), b: forward([5], null) });
    const first = { nodes: [1, 2], pageInfo: { hasNextPage: true, endCursor: 'a' } };
    expect(
      await allNodes(client, first, { query: 'q', variables: { id: 'PR_1' }, connection: items }),
    ).toEqual([1, 2, 3, 4, 5]);
    expect(client.asked).toEqual([
      { id: 'PR_1', after: 'a' },
      { id: 'PR_1', after: 'b' },
    ]);
  });

  it('asks nothing when the first page was the only one', async () => {
    const client = stubClient({});
    const first = { nodes: [1], pageInfo: { hasNextPage: false, endCursor: 'z' } };
    expect(await allNodes(client, first, { query: 'q', variables: {}, connection: items })).toEqual(
      [1],
    );
    expect(client.asked).toEqual([]);
  });
});
