/**
 * The GraphQL documents the client sends. Each stays well under Shopify's 1,000-point single-query
 * limit: connections are sized by `first`, so line items come 30 at a time (more pages follow).
 */

const bag = 'shopMoney { amount currencyCode } presentmentMoney { amount currencyCode }';
const taxLines = `taxLines { title rate ratePercentage priceSet { ${bag} } }`;

export const LINE_ITEMS_PER_PAGE = 30;
export const ORDERS_PER_PAGE = 100;

const lineItemFields = `id name sku quantity isGiftCard
  originalTotalSet { ${bag} }
  discountAllocations { allocatedAmountSet { ${bag} } discountApplication { __typename ... on DiscountCodeApplication { code } } }
  ${taxLines}
  duties { price { ${bag} } ${taxLines} }`;

/** Orders changed after a moment, oldest change first: `updated_at:>'…'` with sortKey UPDATED_AT. */
export const CHANGED_ORDERS_QUERY = /* GraphQL */ `
query ChangedOrders($first: Int!, $after: String, $query: String!) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes { id updatedAt processedAt cancelledAt test displayFinancialStatus sourceName refunds(first: 20) { id createdAt } }
  }
}`;

/** One order with everything a Sale needs, and the shop's own country and time zone. */
export const ORDER_QUERY = /* GraphQL */ `
query Order($id: ID!) {
  shop { ianaTimezone billingAddress { countryCodeV2 } }
  order(id: $id) {
    id legacyResourceId name createdAt updatedAt processedAt cancelledAt test
    displayFinancialStatus sourceName email
    currencyCode presentmentCurrencyCode taxesIncluded taxExempt
    retailLocation { id name }
    customer { id firstName lastName taxExempt taxExemptions }
    billingAddress { firstName lastName company address1 zip city countryCodeV2 }
    shippingAddress { countryCodeV2 }
    totalPriceSet { ${bag} }
    totalTaxSet { ${bag} }
    totalCashRoundingAdjustment { paymentSet { ${bag} } }
    lineItems(first: ${LINE_ITEMS_PER_PAGE}) { pageInfo { hasNextPage endCursor } nodes { ${lineItemFields} } }
    shippingLines(first: 10) { nodes { title isRemoved originalPriceSet { ${bag} } discountedPriceSet { ${bag} } ${taxLines} } }
    transactions(first: 50) { kind status gateway amountSet { ${bag} } }
    purchasingEntity {
      __typename
      ... on PurchasingCompany { company { name } location { taxSettings { taxExempt taxExemptions taxRegistrationId } } }
    }
    totalTipReceivedSet { ${bag} }
    originalTotalDutiesSet { ${bag} }
    originalTotalAdditionalFeesSet { ${bag} }
    additionalFees { name price { ${bag} } ${taxLines} }
  }
}`;

/**
 * Which line items are tips: Shopify records a tip as a line item whose sale (in the order's sales
 * agreements) is a TipSale of lineType TIP. Asked only when Order.totalTipReceivedSet is not zero.
 */
export const ORDER_TIPS_QUERY = /* GraphQL */ `
query OrderTips($id: ID!) {
  order(id: $id) {
    agreements(first: 5) { nodes { sales(first: 50) { nodes { lineType ... on TipSale { lineItem { id } } } } } }
  }
}`;

/** The next page of an order's line items (orders with more than LINE_ITEMS_PER_PAGE lines). */
export const ORDER_LINE_ITEMS_QUERY = /* GraphQL */ `
query OrderLineItems($id: ID!, $after: String!) {
  order(id: $id) {
    lineItems(first: ${LINE_ITEMS_PER_PAGE}, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${lineItemFields} } }
  }
}`;

export const ORDER_REFUNDS_QUERY = /* GraphQL */ `
query OrderRefunds($id: ID!) {
  order(id: $id) { id refunds(first: 50) { id createdAt } }
}`;

/** One refund with its line items and shipping refunds, and the order facts its credit note needs. */
export const REFUND_QUERY = /* GraphQL */ `
query Refund($order: ID!, $refund: ID!) {
  shop { ianaTimezone billingAddress { countryCodeV2 } }
  order(id: $order) {
    id name processedAt presentmentCurrencyCode taxesIncluded taxExempt
    customer { taxExempt taxExemptions }
    billingAddress { countryCodeV2 }
    shippingAddress { countryCodeV2 }
    totalPriceSet { ${bag} }
    refunds(first: 50) { id }
  }
  refund(id: $refund) {
    id createdAt
    totalRefundedSet { ${bag} }
    refundLineItems(first: ${LINE_ITEMS_PER_PAGE}) {
      pageInfo { hasNextPage }
      nodes { quantity lineItem { name sku isGiftCard taxLines { rate } } subtotalSet { ${bag} } totalTaxSet { ${bag} } }
    }
    refundShippingLines(first: 10) {
      nodes { shippingLine { title taxLines { rate } } subtotalAmountSet { ${bag} } taxAmountSet { ${bag} } }
    }
  }
}`;

/** The cheapest authenticated read: proves the token and the read_orders scope. */
export const CONNECTION_QUERY = /* GraphQL */ `
query ConnectionCheck { shop { name } orders(first: 1) { nodes { id } } }`;
