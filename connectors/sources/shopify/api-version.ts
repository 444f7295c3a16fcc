/**
 * The one GraphQL Admin API version doorzet speaks: the newest stable version at the time of writing
 * (released 1 October 2026, supported at least twelve months, so until October 2027). Every field the
 * client selects exists unchanged since 2024-07 (retailLocation, sourceName) or earlier, except
 * CompanyLocation.taxSettings (documented in 2025-04, where it replaced the deprecated tax registration
 * mutations); Order.additionalFees and the *AdditionalFeesSet totals are there since 2023-04.
 * https://shopify.dev/docs/api/usage/versioning
 */
export const SHOPIFY_API_VERSION = '2026-10';

export const graphqlPath = `/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;
