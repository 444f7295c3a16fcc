ALTER TABLE "synced_sales" ADD COLUMN "order_number" text;--> statement-breakpoint
CREATE INDEX "idx_synced_sales_tenant_order_number" ON "synced_sales" USING btree ("tenant_id","order_number");