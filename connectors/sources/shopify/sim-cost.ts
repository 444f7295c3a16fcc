import { getNamedType, isLeafType, isObjectType, isInterfaceType, Kind, valueFromASTUntyped } from 'graphql';
import type { FragmentDefinitionNode, GraphQLNamedType, GraphQLSchema, SelectionSetNode } from 'graphql';

/**
 * Shopify's calculated query cost, as its docs describe it: scalars and enums cost 0, an object 1, a
 * connection 2 plus `first` (or `last`) times the cost of one node. The requested cost is charged up
 * front; the actual cost (what came back) is refunded down to after the query ran.
 * https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits#cost-calculation
 */
export function requestedCost(
  schema: GraphQLSchema, type: GraphQLNamedType, selectionSet: SelectionSetNode | undefined,
  variables: Record<string, unknown>, fragments: Record<string, FragmentDefinitionNode>,
): number {
  if (!selectionSet || !(isObjectType(type) || isInterfaceType(type))) return 0;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
      cost += on ? requestedCost(schema, on, selection.selectionSet, variables, fragments) : 0;
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragments[selection.name.value];
      const on = fragment ? schema.getType(fragment.typeCondition.name.value) : undefined;
      cost += fragment && on ? requestedCost(schema, on, fragment.selectionSet, variables, fragments) : 0;
      continue;
    }
    const field = type.getFields()[selection.name.value];
    if (!field) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) continue;
    if (named.name.endsWith('Connection')) {
      const args = Object.fromEntries((selection.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, variables)]));
      const size = Number(args.first ?? args.last ?? 0);
      let perNode = 0;
      for (const inner of selection.selectionSet?.selections ?? []) {
        if (inner.kind !== Kind.FIELD) continue;
        if (inner.name.value === 'nodes' || inner.name.value === 'edges') {
          const innerType = getNamedType(isObjectType(named) ? named.getFields()[inner.name.value]?.type ?? named : named);
          perNode = Math.max(perNode, 1 + requestedCost(schema, innerType, inner.selectionSet, variables, fragments));
        }
      }
      cost += 2 + size * perNode;
      continue;
    }
    cost += 1 + requestedCost(schema, named, selection.selectionSet, variables, fragments);
  }
  return cost;
}

/** What the answer actually held: one point per object returned, two per connection. */
export function actualCost(data: unknown): number {
  if (Array.isArray(data)) return data.reduce((sum: number, item) => sum + actualCost(item), 0);
  if (data === null || typeof data !== 'object') return 0;
  const record = data as Record<string, unknown>;
  const isConnection = 'pageInfo' in record || 'nodes' in record || 'edges' in record;
  return (isConnection ? 2 : 1) + Object.values(record).reduce((sum: number, value) => sum + actualCost(value), 0);
}
