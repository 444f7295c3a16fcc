import { z } from 'zod';
import { catalog } from './dutch-fixtures';
import type { CatalogItem } from './dutch-fixtures';
import type { WooAddress, WooOrderStatus } from './woo-order';

/**
 * The body of WooCommerce's `POST /wp-json/wc/v3/orders` (REST API docs, "Create an order"), as far as the
 * simulator honours it: catalogue products by `product_id` with a quantity, billing, status, note, and
 * whether shipping is charged. Prices and VAT come from the simulator's catalogue, like a real store's.
 */
const address = z.object({
  first_name: z.string().max(100), last_name: z.string().max(100), company: z.string().max(100),
  address_1: z.string().max(200), address_2: z.string().max(200), city: z.string().max(100), state: z.string().max(100),
  postcode: z.string().max(20), country: z.string().max(2), email: z.string().max(254), phone: z.string().max(40),
}).partial();

export const createOrderBodySchema = z.object({
  status: z.enum(['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed']).optional(),
  customer_id: z.number().int().nonnegative().optional(),
  customer_note: z.string().max(2000).optional(),
  billing: address.optional(),
  shipping: address.optional(),
  line_items: z.array(z.object({ product_id: z.number().int(), quantity: z.number().int().min(1).max(1000) })).min(1).max(50),
  shipping_lines: z.array(z.object({ method_id: z.string().optional(), method_title: z.string().optional() })).optional(),
  set_paid: z.boolean().optional(),
});

export type CreateOrderBody = z.infer<typeof createOrderBodySchema>;

export type CreateOrderInput = {
  lines: { product: CatalogItem; quantity: number }[];
  status: WooOrderStatus;
  shipping: boolean;
  billing: Partial<WooAddress> & { email?: string; phone?: string };
  shippingAddress: Partial<WooAddress>;
  customerNote: string | undefined;
  customerId: number | undefined;
};

/** The body as generator input, or the product ids the catalogue lacks. */
export function createOrderInput(body: CreateOrderBody): { ok: true; input: CreateOrderInput } | { ok: false; unknownProducts: number[] } {
  const unknown = body.line_items.filter((l) => !catalog.some((p) => p.productId === l.product_id)).map((l) => l.product_id);
  if (unknown.length > 0) return { ok: false, unknownProducts: unknown };
  return {
    ok: true,
    input: {
      lines: body.line_items.map((l) => ({ product: catalog.find((p) => p.productId === l.product_id) as CatalogItem, quantity: l.quantity })),
      status: body.status ?? (body.set_paid ? 'processing' : 'pending'),
      shipping: (body.shipping_lines?.length ?? 0) > 0,
      billing: body.billing ?? {},
      shippingAddress: body.shipping ?? {},
      customerNote: body.customer_note,
      customerId: body.customer_id,
    },
  };
}
