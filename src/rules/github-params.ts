import { z } from 'zod';

/** The `repos` filter of every GitHub check: `owner/name` or `owner/*`; empty = all collected. */
export const Repos = z
  .array(
    z.string().regex(/^[A-Za-z0-9_.-]+\/(?:\*|[A-Za-z0-9_.-]+)$/, {
      error: 'expected owner/name or owner/*',
    }),
  )
  .default([]);

export const Labels = z.array(z.string().min(1));
