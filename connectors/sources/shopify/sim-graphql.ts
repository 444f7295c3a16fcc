import { buildSchema, execute, GraphQLError, Kind, OperationTypeNode, parse, validate } from 'graphql';
import type { DocumentNode, FragmentDefinitionNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { actualCost, requestedCost } from './sim-cost';
import { parseOrderQuery } from './sim-query-filter';
import { adminSchemaSdl } from './sim-schema';
import type { SimOrder, SimRefund, SimShop } from './sim-types';

export interface SimStore {
  shop: SimShop;
  orders: Map<string, SimOrder>;
}

export interface ShopifyErrorEntry {
  message: string;
  locations?: readonly { line: number; column: number }[];
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

export type Prepared =
  | { ok: true; document: DocumentNode; operation: OperationDefinitionNode; cost: number }
  | { ok: false; errors: ShopifyErrorEntry[] };

let cachedSchema: GraphQLSchema | undefined;
export function adminSchema(): GraphQLSchema {
  cachedSchema ??= buildSchema(adminSchemaSdl);
  return cachedSchema;
}

const encodeCursor = (value: object) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
function decodeCursor(cursor: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? value as Record<string, unknown> : null;
  } catch {
    return null;
  }
}

interface PageArgs { first?: number | null; last?: number | null; after?: string | null; before?: string | null; reverse?: boolean | null }

function requirePageSize(args: PageArgs): number {
  const size = args.first ?? args.last;
  if (size === undefined || size === null) throw new GraphQLError('you must provide one of first or last', { extensions: { code: 'BAD_REQUEST' } });
  if (size < 0 || size > 250) throw new GraphQLError(`The value of first or last must be between 0 and 250 (was ${size}).`, { extensions: { code: 'BAD_REQUEST' } });
  return size;
}

/** A Relay connection over a list, cursors by position (Shopify's cursors are opaque too). */
function connection<T>(items: readonly T[], args: PageArgs, view: (item: T) => unknown = (i) => i) {
  const size = requirePageSize(args);
  const ordered = args.reverse ? [...items].reverse() : items;
  const start = args.after ? Number(decodeCursor(args.after)?.position ?? -1) + 1 : 0;
  const slice = ordered.slice(start, start + size);
  const edges = slice.map((item, i) => ({ cursor: encodeCursor({ position: start + i }), node: view(item) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: start + size < ordered.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

const lineItemView = (item: SimOrder['lineItems'][number]) => ({
  ...item,
  taxLines: (args: { first?: number | null }) => (args.first ? item.taxLines.slice(0, args.first) : item.taxLines),
});

function refundView(refund: SimRefund, order: SimOrder): unknown {
  return {
    ...refund,
    order: () => orderView(order),
    refundLineItems: (args: PageArgs) => connection(refund.refundLineItems, args, (r) => ({ ...r, lineItem: lineItemView(r.lineItem) })),
    refundShippingLines: (args: PageArgs) => connection(refund.refundShippingLines, args),
    transactions: (args: PageArgs) => connection(refund.transactions, args),
  };
}

/** Shopify records one sale per line at placement (an OrderAgreement); a tip's sale is a TipSale naming its line item. */
function agreementsView(order: SimOrder) {
  const sales = order.lineItems.map((item, i) => ({
    __typename: item.simTip ? 'TipSale' : 'ProductSale',
    id: `gid://shopify/Sale/${order.legacyResourceId}${String(i).padStart(3, '0')}`,
    actionType: 'ORDER', lineType: item.simTip ? 'TIP' : item.isGiftCard ? 'GIFT_CARD' : 'PRODUCT', quantity: item.quantity,
    totalAmount: item.discountedTotalSet, lineItem: lineItemView(item),
  }));
  const agreement = { __typename: 'OrderAgreement', id: `gid://shopify/OrderAgreement/${order.legacyResourceId}`, happenedAt: order.processedAt, sales: (args: PageArgs) => connection(sales, args) };
  return (args: PageArgs) => connection([agreement], args);
}

function orderView(order: SimOrder): unknown {
  return {
    ...order,
    agreements: agreementsView(order),
    lineItems: (args: PageArgs) => connection(order.lineItems, args, lineItemView),
    shippingLines: (args: PageArgs & { includeRemovals?: boolean }) => connection(order.shippingLines.filter((s) => args.includeRemovals || !s.isRemoved), args),
    transactions: (args: { first?: number | null }) => (args.first ? order.transactions.slice(0, args.first) : order.transactions),
    refunds: (args: { first?: number | null }) => (args.first ? order.refunds.slice(0, args.first) : order.refunds).map((r) => refundView(r, order)),
  };
}

const sortFields: Record<string, (o: SimOrder) => string | number> = {
  UPDATED_AT: (o) => o.updatedAt,
  CREATED_AT: (o) => o.createdAt,
  PROCESSED_AT: (o) => o.processedAt,
  ID: (o) => Number(o.legacyResourceId),
  ORDER_NUMBER: (o) => Number(o.name.replace(/\D/g, '')),
};

function compareKeys(a: [string | number, number], b: [string | number, number]): number {
  if (a[0] < b[0]) return -1;
  if (a[0] > b[0]) return 1;
  return a[1] - b[1];
}

/** `orders(first, after, query, sortKey, reverse)`: cursors carry the last sort value and id, like Shopify's. */
function ordersConnection(store: SimStore, args: PageArgs & { query?: string | null; sortKey?: string | null }, warnings: ShopifyErrorEntry[]) {
  const size = requirePageSize(args);
  const filter = parseOrderQuery(args.query);
  for (const w of filter.warnings) warnings.push({ message: w.message, extensions: { field: w.field } });
  const key = sortFields[args.sortKey ?? 'PROCESSED_AT'] ?? sortFields.PROCESSED_AT!;
  const keyed = [...store.orders.values()].filter((o) => filter.matches(o))
    .map((o) => ({ o, k: [key(o), Number(o.legacyResourceId)] as [string | number, number] }))
    .sort((a, b) => compareKeys(a.k, b.k) * (args.reverse ? -1 : 1));
  let start = 0;
  if (args.after) {
    const after = decodeCursor(args.after);
    if (!after || !('last_id' in after)) throw new GraphQLError('Invalid cursor for current pagination sort.', { extensions: { code: 'BAD_REQUEST' } });
    const last: [string | number, number] = [after.last_value as string | number, Number(after.last_id)];
    const index = keyed.findIndex((e) => compareKeys(e.k, last) * (args.reverse ? -1 : 1) > 0);
    start = index < 0 ? keyed.length : index;
  }
  const slice = keyed.slice(start, start + size);
  const edges = slice.map((e) => ({ cursor: encodeCursor({ last_id: Number(e.o.legacyResourceId), last_value: e.k[0] }), node: orderView(e.o) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: { hasNextPage: start + size < keyed.length, hasPreviousPage: start > 0, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

const numericOf = (gid: string, type: string) => new RegExp(`^gid://shopify/${type}/(\\d+)$`).exec(gid)?.[1];

function rootValue(store: SimStore, warnings: ShopifyErrorEntry[]) {
  return {
    shop: () => store.shop,
    orders: (args: PageArgs & { query?: string; sortKey?: string }) => ordersConnection(store, args, warnings),
    order: ({ id }: { id: string }) => {
      const order = store.orders.get(numericOf(id, 'Order') ?? '');
      return order ? orderView(order) : null;
    },
    refund: ({ id }: { id: string }) => {
      for (const order of store.orders.values()) {
        const refund = order.refunds.find((r) => r.id === id);
        if (refund) return refundView(refund, order);
      }
      return null;
    },
  };
}

/** Shopify answers a malformed or schema-invalid query with HTTP 200 and its own error codes. */
function toShopifyError(error: GraphQLError, code: string): ShopifyErrorEntry {
  const undefinedField = /^Cannot query field "([^"]+)" on type "([^"]+)"/.exec(error.message);
  if (undefinedField) {
    return {
      message: `Field '${undefinedField[1]}' doesn't exist on type '${undefinedField[2]}'`,
      locations: error.locations,
      extensions: { code: 'undefinedField', typeName: undefinedField[2], fieldName: undefinedField[1] },
    };
  }
  return { message: error.message, locations: error.locations, ...(error.path ? { path: error.path } : {}), extensions: { code, ...error.extensions } };
}

/** Parses and validates against the schema subset, and computes the requested cost. */
export function prepare(query: string, operationName: string | undefined, variables: Record<string, unknown>): Prepared {
  const schema = adminSchema();
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return { ok: false, errors: [toShopifyError(error as GraphQLError, 'parseError')] };
  }
  const invalid = validate(schema, document);
  if (invalid.length > 0) return { ok: false, errors: invalid.map((e) => toShopifyError(e, 'invalidQuery')) };
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation || operation.operation !== OperationTypeNode.QUERY) return { ok: false, errors: [{ message: 'Only queries are simulated.', extensions: { code: 'invalidQuery' } }] };
  const fragments = Object.fromEntries(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const queryType = schema.getQueryType();
  const cost = queryType ? requestedCost(schema, queryType, operation.selectionSet, variables, fragments) : 0;
  return { ok: true, document, operation, cost };
}

export async function run(store: SimStore, prepared: Extract<Prepared, { ok: true }>, variables: Record<string, unknown>) {
  const warnings: ShopifyErrorEntry[] = [];
  const result = await execute({
    schema: adminSchema(), document: prepared.document, rootValue: rootValue(store, warnings),
    variableValues: variables, operationName: prepared.operation.name?.value,
  });
  return {
    data: result.data ?? null,
    errors: result.errors?.map((e) => toShopifyError(e, 'BAD_REQUEST')),
    actualCost: actualCost(result.data ?? null),
    searchWarnings: warnings,
  };
}
