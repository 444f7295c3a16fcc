/** The simulator's store, kept in the GraphQL Admin API's own shapes (field names as in sim-schema.ts). */

export interface SimMoney {
  amount: string;
  currencyCode: string;
}

export interface SimMoneyBag {
  shopMoney: SimMoney;
  presentmentMoney: SimMoney;
}

export interface SimTaxLine {
  title: string;
  rate: number;
  ratePercentage: number;
  priceSet: SimMoneyBag;
  channelLiable: boolean;
  source: string;
}

export interface SimDiscountApplication {
  __typename: 'DiscountCodeApplication' | 'AutomaticDiscountApplication' | 'ManualDiscountApplication';
  index: number;
  allocationMethod: 'ACROSS' | 'EACH' | 'ONE';
  targetType: 'LINE_ITEM' | 'SHIPPING_LINE';
  code?: string;
  title?: string;
}

export interface SimLineItem {
  id: string;
  name: string;
  title: string;
  sku: string | null;
  quantity: number;
  currentQuantity: number;
  isGiftCard: boolean;
  taxable: boolean;
  requiresShipping: boolean;
  originalUnitPriceSet: SimMoneyBag;
  originalTotalSet: SimMoneyBag;
  discountedTotalSet: SimMoneyBag;
  totalDiscountSet: SimMoneyBag;
  discountAllocations: { allocatedAmountSet: SimMoneyBag; discountApplication: SimDiscountApplication }[];
  taxLines: SimTaxLine[];
  /** Import duties charged on this line (LineItem.duties). */
  duties: SimDuty[];
  /** Simulator bookkeeping, not a Shopify field: the line is a tip (Shopify records a TipSale for it in the order's agreement). */
  simTip?: boolean;
}

export interface SimDuty { id: string; countryCodeOfOrigin: string | null; harmonizedSystemCode: string | null; price: SimMoneyBag; taxLines: SimTaxLine[] }
export interface SimAdditionalFee { id: string; name: string; price: SimMoneyBag; taxLines: SimTaxLine[] }

/** Order.purchasingEntity for a B2B order: the company, its location and the location's tax settings. */
export interface SimPurchasingCompany {
  __typename: 'PurchasingCompany';
  company: { id: string; name: string };
  contact: { id: string } | null;
  location: {
    id: string; name: string; company: { id: string; name: string };
    taxSettings: { taxExempt: boolean; taxExemptions: string[]; taxRegistrationId: string | null };
  };
}

export interface SimShippingLine {
  id: string;
  title: string;
  code: string | null;
  source: string | null;
  isRemoved: boolean;
  originalPriceSet: SimMoneyBag;
  discountedPriceSet: SimMoneyBag;
  currentDiscountedPriceSet: SimMoneyBag;
  discountAllocations: SimLineItem['discountAllocations'];
  taxLines: SimTaxLine[];
}

export interface SimTransaction {
  id: string;
  kind: 'AUTHORIZATION' | 'CAPTURE' | 'REFUND' | 'SALE' | 'VOID';
  status: 'SUCCESS' | 'PENDING' | 'FAILURE';
  gateway: string;
  amountSet: SimMoneyBag;
  createdAt: string;
  processedAt: string;
  test: boolean;
}

export interface SimAddress {
  id: string;
  firstName: string | null;
  lastName: string | null;
  name: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  zip: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  country: string | null;
  countryCodeV2: string | null;
  phone: string | null;
}

export interface SimCustomer {
  id: string;
  legacyResourceId: string;
  firstName: string | null;
  lastName: string | null;
  displayName: string;
  taxExempt: boolean;
  taxExemptions: string[];
}

export interface SimRefund {
  id: string;
  legacyResourceId: string;
  createdAt: string;
  updatedAt: string;
  note: string | null;
  totalRefundedSet: SimMoneyBag;
  refundLineItems: {
    id: string;
    lineItem: SimLineItem;
    quantity: number;
    restockType: 'NO_RESTOCK' | 'RETURN' | 'CANCEL' | 'LEGACY_RESTOCK';
    restocked: boolean;
    priceSet: SimMoneyBag;
    subtotalSet: SimMoneyBag;
    totalTaxSet: SimMoneyBag;
  }[];
  refundShippingLines: { id: string; shippingLine: SimShippingLine; subtotalAmountSet: SimMoneyBag; taxAmountSet: SimMoneyBag }[];
  transactions: SimTransaction[];
}

export interface SimOrder {
  id: string;
  legacyResourceId: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  processedAt: string;
  cancelledAt: string | null;
  closed: boolean;
  test: boolean;
  email: string | null;
  note: string | null;
  currencyCode: string;
  presentmentCurrencyCode: string;
  taxesIncluded: boolean;
  taxExempt: boolean;
  sourceName: string;
  displayFinancialStatus: 'AUTHORIZED' | 'PAID' | 'PARTIALLY_PAID' | 'PARTIALLY_REFUNDED' | 'PENDING' | 'REFUNDED' | 'VOIDED';
  retailLocation: { id: string; legacyResourceId: string; name: string } | null;
  customer: SimCustomer | null;
  purchasingEntity: SimPurchasingCompany | null;
  billingAddress: SimAddress | null;
  shippingAddress: SimAddress | null;
  lineItems: SimLineItem[];
  shippingLines: SimShippingLine[];
  transactions: SimTransaction[];
  refunds: SimRefund[];
  taxLines: SimTaxLine[];
  subtotalPriceSet: SimMoneyBag;
  totalPriceSet: SimMoneyBag;
  totalTaxSet: SimMoneyBag;
  totalShippingPriceSet: SimMoneyBag;
  totalDiscountsSet: SimMoneyBag;
  currentTotalPriceSet: SimMoneyBag;
  /** Cash rounding of the payment (added to totalReceived) and of refunds; 0 without cash rounding. */
  totalCashRoundingAdjustment: { paymentSet: SimMoneyBag; refundSet: SimMoneyBag };
  totalTipReceivedSet: SimMoneyBag;
  originalTotalDutiesSet: SimMoneyBag | null;
  currentTotalDutiesSet: SimMoneyBag | null;
  additionalFees: SimAdditionalFee[];
  originalTotalAdditionalFeesSet: SimMoneyBag | null;
  currentTotalAdditionalFeesSet: SimMoneyBag | null;
}

export interface SimShop {
  id: string;
  name: string;
  myshopifyDomain: string;
  currencyCode: string;
  ianaTimezone: string;
  taxesIncluded: boolean;
  billingAddress: { id: string; address1: string; city: string; zip: string; countryCodeV2: string };
}
