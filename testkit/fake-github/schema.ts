import { schema as published } from '@octokit/graphql-schema';
import { buildSchema, type GraphQLSchema } from 'graphql';

let cached: GraphQLSchema | undefined;

/** GitHub's published GraphQL schema. Its SDL repeats a few fields, so it is built as valid. */
export function githubSchema(): GraphQLSchema {
  cached ??= buildSchema(published.idl, { assumeValidSDL: true });
  return cached;
}
