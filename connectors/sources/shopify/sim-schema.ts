/**
 * The part of the GraphQL Admin API (2026-10) that doorzet and Shopify's documented examples use, in
 * Shopify's own type and field names and nullability, so that the simulator refuses a query that
 * Shopify would refuse (an unknown field, a missing argument, a wrong type). Types and fields follow
 * https://shopify.dev/docs/api/admin-graphql/2026-10 (objects Order, LineItem, TaxLine, ShippingLine,
 * DiscountAllocation, OrderTransaction, Refund, RefundLineItem, RefundShippingLine, MailingAddress,
 * Customer, Location, MoneyBag, MoneyV2, Shop, Duty, AdditionalFee, PurchasingCompany, Company,
 * CompanyLocation, CompanyLocationTaxSettings, OrderAgreement, TipSale and the Sale / SalesAgreement
 * interfaces; union PurchasingEntity; query root orders, order, refund, shop). Enums list a subset of
 * their values. Deprecated fields are left out on purpose: a query using them should fail here first.
 */
export const adminSchemaSdl = /* GraphQL */ `
scalar DateTime
scalar Decimal
scalar UnsignedInt64
scalar URL

enum CurrencyCode { EUR USD GBP CHF DKK SEK NOK PLN CZK HUF CAD AUD JPY }
enum CountryCode { NL BE DE FR LU AT ES IT PT IE DK SE FI PL CZ HU GB CH NO US CA AU JP }
enum OrderSortKeys { CREATED_AT CUSTOMER_NAME FINANCIAL_STATUS FULFILLMENT_STATUS ID ORDER_NUMBER PROCESSED_AT RELEVANCE TOTAL_PRICE UPDATED_AT }
enum OrderDisplayFinancialStatus { AUTHORIZED EXPIRED PAID PARTIALLY_PAID PARTIALLY_REFUNDED PENDING REFUNDED VOIDED }
enum OrderTransactionKind { AUTHORIZATION CAPTURE CHANGE EMV_AUTHORIZATION REFUND SALE SUGGESTED_REFUND VOID }
enum OrderTransactionStatus { AWAITING_RESPONSE ERROR FAILURE PENDING SUCCESS UNKNOWN }
enum TaxExemption { EU_REVERSE_CHARGE_EXEMPTION_RULE CA_STATUS_CARD_EXEMPTION US_RESELLER_EXEMPTION }
enum RefundLineItemRestockType { CANCEL LEGACY_RESTOCK NO_RESTOCK RETURN }
enum DiscountApplicationAllocationMethod { ACROSS EACH ONE }
enum DiscountApplicationTargetType { LINE_ITEM SHIPPING_LINE }
enum SaleLineType { ADDITIONAL_FEE ADJUSTMENT DUTY FEE GIFT_CARD PRODUCT SHIPPING TIP UNKNOWN }
enum SaleActionType { ORDER RETURN UPDATE UNKNOWN }

type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
type MoneyV2 { amount: Decimal! currencyCode: CurrencyCode! }
type MoneyBag { shopMoney: MoneyV2! presentmentMoney: MoneyV2! }
"""The rounding of cash paid or refunded at a till (Order.totalCashRoundingAdjustment, API 2024-10 and later)."""
type CashRoundingAdjustment { paymentSet: MoneyBag! refundSet: MoneyBag! }

type TaxLine {
  title: String!
  rate: Float
  ratePercentage: Float
  priceSet: MoneyBag!
  channelLiable: Boolean
  source: String
}

interface DiscountApplication {
  index: Int!
  allocationMethod: DiscountApplicationAllocationMethod!
  targetType: DiscountApplicationTargetType!
}
type DiscountCodeApplication implements DiscountApplication {
  index: Int!
  allocationMethod: DiscountApplicationAllocationMethod!
  targetType: DiscountApplicationTargetType!
  code: String!
}
type AutomaticDiscountApplication implements DiscountApplication {
  index: Int!
  allocationMethod: DiscountApplicationAllocationMethod!
  targetType: DiscountApplicationTargetType!
  title: String!
}
type ManualDiscountApplication implements DiscountApplication {
  index: Int!
  allocationMethod: DiscountApplicationAllocationMethod!
  targetType: DiscountApplicationTargetType!
  title: String!
  description: String
}
type DiscountAllocation { allocatedAmountSet: MoneyBag! discountApplication: DiscountApplication! }

type LineItem {
  id: ID!
  name: String!
  title: String!
  sku: String
  quantity: Int!
  currentQuantity: Int!
  isGiftCard: Boolean!
  taxable: Boolean!
  requiresShipping: Boolean!
  originalUnitPriceSet: MoneyBag!
  originalTotalSet: MoneyBag!
  discountedTotalSet: MoneyBag!
  totalDiscountSet: MoneyBag!
  discountAllocations: [DiscountAllocation!]!
  taxLines(first: Int): [TaxLine!]!
  duties: [Duty!]!
}
type LineItemEdge { cursor: String! node: LineItem! }
type LineItemConnection { edges: [LineItemEdge!]! nodes: [LineItem!]! pageInfo: PageInfo! }

type ShippingLine {
  id: ID
  title: String!
  code: String
  source: String
  isRemoved: Boolean!
  originalPriceSet: MoneyBag!
  discountedPriceSet: MoneyBag!
  currentDiscountedPriceSet: MoneyBag!
  discountAllocations: [DiscountAllocation!]!
  taxLines: [TaxLine!]!
}
type ShippingLineEdge { cursor: String! node: ShippingLine! }
type ShippingLineConnection { edges: [ShippingLineEdge!]! nodes: [ShippingLine!]! pageInfo: PageInfo! }

type OrderTransaction {
  id: ID!
  kind: OrderTransactionKind!
  status: OrderTransactionStatus!
  gateway: String
  amountSet: MoneyBag!
  createdAt: DateTime!
  processedAt: DateTime
  test: Boolean!
}
type OrderTransactionEdge { cursor: String! node: OrderTransaction! }
type OrderTransactionConnection { edges: [OrderTransactionEdge!]! nodes: [OrderTransaction!]! pageInfo: PageInfo! }

type MailingAddress {
  id: ID!
  firstName: String
  lastName: String
  name: String
  company: String
  address1: String
  address2: String
  zip: String
  city: String
  province: String
  provinceCode: String
  country: String
  countryCodeV2: CountryCode
  phone: String
}

type Customer {
  id: ID!
  legacyResourceId: UnsignedInt64!
  firstName: String
  lastName: String
  displayName: String!
  taxExempt: Boolean!
  taxExemptions: [TaxExemption!]!
}

type Location { id: ID! legacyResourceId: UnsignedInt64! name: String! }

type Duty { id: ID! countryCodeOfOrigin: CountryCode harmonizedSystemCode: String price: MoneyBag! taxLines: [TaxLine!]! }
type AdditionalFee { id: ID! name: String! price: MoneyBag! taxLines: [TaxLine!]! }

type Company { id: ID! name: String! }
type CompanyLocationTaxSettings { taxExempt: Boolean! taxExemptions: [TaxExemption!]! taxRegistrationId: String }
type CompanyLocation { id: ID! name: String! company: Company! taxSettings: CompanyLocationTaxSettings! }
type CompanyContact { id: ID! }
type PurchasingCompany { company: Company! contact: CompanyContact location: CompanyLocation! }
union PurchasingEntity = Customer | PurchasingCompany

interface Sale { id: ID! actionType: SaleActionType! lineType: SaleLineType! quantity: Int totalAmount: MoneyBag! }
type TipSale implements Sale { id: ID! actionType: SaleActionType! lineType: SaleLineType! quantity: Int totalAmount: MoneyBag! lineItem: LineItem! }
type ProductSale implements Sale { id: ID! actionType: SaleActionType! lineType: SaleLineType! quantity: Int totalAmount: MoneyBag! lineItem: LineItem }
type SaleEdge { cursor: String! node: Sale! }
type SaleConnection { edges: [SaleEdge!]! nodes: [Sale!]! pageInfo: PageInfo! }
interface SalesAgreement { id: ID! happenedAt: DateTime! sales(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): SaleConnection! }
type OrderAgreement implements SalesAgreement { id: ID! happenedAt: DateTime! sales(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): SaleConnection! }
type SalesAgreementEdge { cursor: String! node: SalesAgreement! }
type SalesAgreementConnection { edges: [SalesAgreementEdge!]! nodes: [SalesAgreement!]! pageInfo: PageInfo! }

type RefundLineItem {
  id: ID
  lineItem: LineItem!
  quantity: Int!
  restockType: RefundLineItemRestockType!
  restocked: Boolean!
  priceSet: MoneyBag!
  subtotalSet: MoneyBag!
  totalTaxSet: MoneyBag!
}
type RefundLineItemEdge { cursor: String! node: RefundLineItem! }
type RefundLineItemConnection { edges: [RefundLineItemEdge!]! nodes: [RefundLineItem!]! pageInfo: PageInfo! }

type RefundShippingLine { id: ID! shippingLine: ShippingLine! subtotalAmountSet: MoneyBag! taxAmountSet: MoneyBag! }
type RefundShippingLineEdge { cursor: String! node: RefundShippingLine! }
type RefundShippingLineConnection { edges: [RefundShippingLineEdge!]! nodes: [RefundShippingLine!]! pageInfo: PageInfo! }

type Refund {
  id: ID!
  legacyResourceId: UnsignedInt64!
  createdAt: DateTime
  updatedAt: DateTime!
  note: String
  order: Order!
  totalRefundedSet: MoneyBag!
  refundLineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): RefundLineItemConnection!
  refundShippingLines(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): RefundShippingLineConnection!
  transactions(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): OrderTransactionConnection!
}

type Order {
  id: ID!
  legacyResourceId: UnsignedInt64!
  name: String!
  createdAt: DateTime!
  updatedAt: DateTime!
  processedAt: DateTime!
  cancelledAt: DateTime
  closed: Boolean!
  test: Boolean!
  email: String
  note: String
  currencyCode: CurrencyCode!
  presentmentCurrencyCode: CurrencyCode!
  taxesIncluded: Boolean!
  taxExempt: Boolean!
  sourceName: String
  displayFinancialStatus: OrderDisplayFinancialStatus
  retailLocation: Location
  customer: Customer
  purchasingEntity: PurchasingEntity
  billingAddress: MailingAddress
  shippingAddress: MailingAddress
  lineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): LineItemConnection!
  shippingLines(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, includeRemovals: Boolean = false): ShippingLineConnection!
  transactions(first: Int, capturable: Boolean, manuallyResolvable: Boolean): [OrderTransaction!]!
  refunds(first: Int): [Refund!]!
  taxLines: [TaxLine!]!
  subtotalPriceSet: MoneyBag
  totalPriceSet: MoneyBag!
  totalTaxSet: MoneyBag
  totalShippingPriceSet: MoneyBag!
  totalDiscountsSet: MoneyBag
  currentTotalPriceSet: MoneyBag!
  totalCashRoundingAdjustment: CashRoundingAdjustment!
  totalTipReceivedSet: MoneyBag!
  originalTotalDutiesSet: MoneyBag
  currentTotalDutiesSet: MoneyBag
  additionalFees: [AdditionalFee!]!
  originalTotalAdditionalFeesSet: MoneyBag
  currentTotalAdditionalFeesSet: MoneyBag
  agreements(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, query: String): SalesAgreementConnection!
}
type OrderEdge { cursor: String! node: Order! }
type OrderConnection { edges: [OrderEdge!]! nodes: [Order!]! pageInfo: PageInfo! }

type ShopAddress { id: ID! address1: String city: String zip: String countryCodeV2: CountryCode }
type Shop {
  id: ID!
  name: String!
  myshopifyDomain: String!
  currencyCode: CurrencyCode!
  ianaTimezone: String!
  taxesIncluded: Boolean!
  billingAddress: ShopAddress!
}

type QueryRoot {
  orders(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, query: String, savedSearchId: ID, sortKey: OrderSortKeys = PROCESSED_AT): OrderConnection!
  order(id: ID!): Order
  refund(id: ID!): Refund
  shop: Shop!
}

schema { query: QueryRoot }
`;
