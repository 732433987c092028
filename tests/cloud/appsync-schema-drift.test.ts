import { join } from 'node:path';
import { type ASTNode, type DefinitionNode, Kind, parse, print, visit } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDerivedSchema } from '../../local-cloud/appsync/schema-source.ts';
import { LOCAL_STATE_DIR } from '../../local-cloud/paths.ts';
import { synthesizeBackend } from './support/synthesized-backend.ts';

// The local AppSync serves a schema derived from amplify/data in a bare stack; the cloud gets the
// one the whole backend synthesizes. They must be the same API: types, fields, arguments, and the
// auth directives AppSync enforces.

const named = (node: ASTNode) => ('name' in node && node.name ? node.name.value : '');
const byName = <T extends ASTNode>(nodes: readonly T[] | undefined) =>
  nodes ? [...nodes].sort((a, b) => named(a).localeCompare(named(b))) : nodes;

/** Each definition printed with its fields, enum values and applied directives in name order. */
function normalizedDefinitions(sdl: string): Map<string, string> {
  const sorted = visit(parse(sdl), {
    enter(node) {
      const copy = { ...node } as Record<string, unknown>;
      for (const key of ['fields', 'values', 'directives'] as const) {
        if (Array.isArray(copy[key])) copy[key] = byName(copy[key] as ASTNode[]);
      }
      return copy as unknown as ASTNode;
    },
  });
  return new Map(
    sorted.definitions.map((definition: DefinitionNode) => [
      `${definition.kind === Kind.SCHEMA_DEFINITION ? 'schema' : named(definition)}`,
      print(definition),
    ]),
  );
}

/** Where two schemas differ, one line per definition (empty: the same API). */
function schemaDifferences(local: string, cloud: string): string[] {
  const [ours, theirs] = [normalizedDefinitions(local), normalizedDefinitions(cloud)];
  const names = [...new Set([...ours.keys(), ...theirs.keys()])].sort();
  return names.flatMap((name) => {
    const [mine, deployed] = [ours.get(name), theirs.get(name)];
    if (mine === deployed) return [];
    if (!mine) return [`${name}: only in the synthesized schema`];
    if (!deployed) return [`${name}: only in the local schema`];
    return [`${name} differs:\n  local: ${mine}\n  cloud: ${deployed}`];
  });
}

describe('the local AppSync schema against the synthesized one', () => {
  let local: string;
  let cloud: string;
  beforeAll(async () => {
    const [derived, backend] = await Promise.all([
      loadDerivedSchema({ cacheDir: join(LOCAL_STATE_DIR, 'appsync') }),
      synthesizeBackend(),
    ]);
    local = derived.schema;
    cloud = backend.graphqlSchema;
  });

  it('given amplify/data, when the local cloud derives its schema, then it is the synthesized AppSync schema', () => {
    expect(schemaDifferences(local, cloud)).toEqual([]);
  });

  it('given a synthesized schema whose publish mutation lost its group, when compared, then the drift is reported', () => {
    const weakened = cloud.replace(
      '@aws_cognito_user_pools(cognito_groups: ["NO_USER_EVENT_PUBLISHERS"])',
      '',
    );
    expect(weakened).not.toBe(cloud);
    expect(schemaDifferences(local, weakened)).toEqual([expect.stringMatching(/^Mutation differs/)]);
  });

  it('given a synthesized schema with a field the local one lacks, when compared, then the drift is reported', () => {
    const extended = cloud.replace(
      'type Order @aws_iam @aws_cognito_user_pools {',
      '$&\n  shipped_at: AWSDateTime',
    );
    expect(schemaDifferences(local, extended)).toEqual([expect.stringMatching(/^Order differs/)]);
  });
});
