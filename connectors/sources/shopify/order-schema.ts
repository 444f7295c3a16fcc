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
  // LineItem.duties: import duties charged on this line (GraphQL Admin API, object Duty).
  duties: z.array(z.object({ price: moneyBag, taxLines: z.array(taxLine) })).default([]),
});
export type ShopifyLineItem = z.input<typeof lineItemSchema>;

/** Order.purchasingEntity: a Customer, or for a B2B order the PurchasingCompany with its location's tax settings. */
const purchasingEntity = z.union([
  z.object({
    __typename: z.literal('PurchasingCompany'),
    company: z.object({ name: z.string() }),
    location: z.object({
      taxSettings: z.object({ taxExempt: z.boolean(), taxExemptions: z.array(z.string()), taxRegistrationId: z.string().nullable() }).nullable(),
    }),
  }),
  z.object({ __typename: z.string() }),
]).nullable().optional();
export type ShopifyPurchasingEntity = z.infer<typeof purchasingEntity>;

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
  purchasingEntity,
  totalTipReceivedSet: moneyBag.nullable().optional(),
  originalTotalDutiesSet: moneyBag.nullable().optional(),
  originalTotalAdditionalFeesSet: moneyBag.nullable().optional(),
  additionalFees: z.array(z.object({ name: z.string(), price: moneyBag, taxLines: z.array(taxLine) })).default([]),
});
export type ShopifyOrder = z.input<typeof orderSchema>;

/** The ids of an order's tip line items: sales of type TIP in its agreements (TipSale.lineItem). */
export const orderTipsSchema = z.object({
  order: z.object({
    agreements: z.object({
      nodes: z.array(z.object({
        sales: z.object({ nodes: z.array(z.object({ lineType: z.string(), lineItem: z.object({ id: z.string() }).nullable().optional() })) }),
      })),
    }),
  }).nullable(),
});

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
