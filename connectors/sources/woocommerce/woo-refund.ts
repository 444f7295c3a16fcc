import type { WooFeeLine, WooLineItem, WooShippingLine } from './woo-order';

/**
 * A WooCommerce REST v3 order refund as `GET /orders/{id}/refunds/{refund_id}` returns it
 * (WC_REST_Order_Refunds_V2_Controller::get_formatted_item_data). Money fields are decimal strings;
 * the items of a refund carry NEGATIVE quantities and totals (wc_create_refund), and `amount` is the
 * positive total refunded. `shipping_lines`, `tax_lines` and `fee_lines` are present since WC 3.x.
 */
export interface WooRefund {
  id: number;
  date_created: string;
  date_created_gmt: string;
  amount: string;
  reason: string;
  refunded_by: number;
  refunded_payment: boolean;
  meta_data: unknown[];
  line_items: WooLineItem[];
  shipping_lines: WooShippingLine[];
  tax_lines: unknown[];
  fee_lines: WooFeeLine[];
}

/** One item of `POST /orders/{id}/refunds` in the public format (RestApiUtil::adjust_create_refund_request_parameters). */
export interface WooRefundRequestItem {
  id: number | string;
  quantity?: number;
  refund_total?: number | string;
  refund_tax?: { id: number | string; refund_total: number | string }[];
}

export interface WooRefundRequest {
  amount?: string | number;
  reason?: string;
  api_refund?: boolean;
  api_restock?: boolean;
  line_items?: WooRefundRequestItem[];
}
