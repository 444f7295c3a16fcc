import { z } from 'zod';

/** Zod shapes of the GraphQL answers to queries.ts; anything else is an unusable answer. */

const money = z.object({ amount: z.string(), currencyCode: z.string() });
export const moneyBag = z.object({ shopMoney: money, presentmentMoney: money });
export type MoneyBag = z.infer<typeof moneyBag>;

const taxLine = z.object({ title: z.string(), rate: z.number().nullable(), ratePercentage: z.number().nullable().optional(), priceSet: moneyBag });
export type ShopifyTaxLine = z.infer<typeof taxLine>;
const country = z.object({ countryCodeV2: z.string().nullable() }).nullable();

export const lineItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  sku: z.string().nullable(),
  quantity: z.number().int(),
  isGiftCard: z.boolean(),
  originalTotalSet: moneyBag,
  discountAllocations: z.array(z.object({
    allocatedAmountSet: moneyBag,
    discountApplication: z.object({ __typename: z.string(), code: z.string().optional() }),
  })),
  taxLines: z.array(taxLine),
});
export type ShopifyLineItem = z.infer<typeof lineItemSchema>;

const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable().optional() });
export const lineItemPageSchema = z.object({ pageInfo, nodes: z.array(lineItemSchema) });

export const shopFactsSchema = z.object({ ianaTimezone: z.string(), billingAddress: z.object({ countryCodeV2: z.string().nullable() }) });
export type ShopFacts = z.infer<typeof shopFactsSchema>;

export const orderSchema = z.object({
  id: z.string(),
  legacyResourceId: z.string(),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  processedAt: z.string(),
  cancelledAt: z.string().nullable(),
  test: z.boolean(),
  displayFinancialStatus: z.string().nullable(),
  sourceName: z.string().nullable(),
  email: z.string().nullable(),
  currencyCode: z.string(),
  presentmentCurrencyCode: z.string(),
  taxesIncluded: z.boolean(),
  taxExempt: z.boolean(),
  retailLocation: z.object({ id: z.string(), name: z.string() }).nullable(),
  customer: z.object({
    id: z.string(), firstName: z.string().nullable(), lastName: z.string().nullable(),
    taxExempt: z.boolean(), taxExemptions: z.array(z.string()),
  }).nullable(),
  billingAddress: z.object({
    firstName: z.string().nullable(), lastName: z.string().nullable(), company: z.string().nullable(),
    address1: z.string().nullable(), zip: z.string().nullable(), city: z.string().nullable(), countryCodeV2: z.string().nullable(),
  }).nullable(),
  shippingAddress: country,
  totalPriceSet: moneyBag,
  totalTaxSet: moneyBag.nullable(),
  /** Non-null from API 2024-10; absent in payloads from before it. */
  totalCashRoundingAdjustment: z.object({ paymentSet: moneyBag }).nullish(),
  lineItems: lineItemPageSchema,
  shippingLines: z.object({
    nodes: z.array(z.object({ title: z.string(), isRemoved: z.boolean(), originalPriceSet: moneyBag, discountedPriceSet: moneyBag, taxLines: z.array(taxLine) })),
  }),
  transactions: z.array(z.object({ kind: z.string(), status: z.string(), gateway: z.string().nullable(), amountSet: moneyBag })),
});
export type ShopifyOrder = z.infer<typeof orderSchema>;

export const changedOrdersSchema = z.object({
  orders: z.object({
    pageInfo,
    nodes: z.array(z.object({
      id: z.string(), updatedAt: z.string(), processedAt: z.string().nullable().optional(), cancelledAt: z.string().nullable(), test: z.boolean(),
      displayFinancialStatus: z.string().nullable(), sourceName: z.string().nullable(),
      refunds: z.array(z.object({ id: z.string(), createdAt: z.string().nullable() })),
    })),
  }),
});

export const refundSchema = z.object({
  id: z.string(),
  createdAt: z.string().nullable(),
  totalRefundedSet: moneyBag,
  refundLineItems: z.object({
    pageInfo: z.object({ hasNextPage: z.boolean() }),
    nodes: z.array(z.object({
      quantity: z.number().int(),
      lineItem: z.object({ name: z.string(), sku: z.string().nullable(), isGiftCard: z.boolean(), taxLines: z.array(z.object({ rate: z.number().nullable() })) }),
      subtotalSet: moneyBag,
      totalTaxSet: moneyBag,
    })),
  }),
  refundShippingLines: z.object({
    nodes: z.array(z.object({
      shippingLine: z.object({ title: z.string(), taxLines: z.array(z.object({ rate: z.number().nullable() })) }),
      subtotalAmountSet: moneyBag,
      taxAmountSet: moneyBag,
    })),
  }),
});
export type ShopifyRefund = z.infer<typeof refundSchema>;

export const refundOrderSchema = z.object({
  id: z.string(),
  name: z.string(),
  processedAt: z.string().nullable().optional(),
  presentmentCurrencyCode: z.string(),
  taxesIncluded: z.boolean(),
  taxExempt: z.boolean(),
  customer: z.object({ taxExempt: z.boolean(), taxExemptions: z.array(z.string()) }).nullable(),
  billingAddress: country,
  shippingAddress: country,
  totalPriceSet: moneyBag,
  refunds: z.array(z.object({ id: z.string() })),
});
export type ShopifyRefundOrder = z.infer<typeof refundOrderSchema>;
