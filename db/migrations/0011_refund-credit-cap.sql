ALTER TABLE "synced_refunds" ADD COLUMN "breakdown" jsonb;--> statement-breakpoint
ALTER TABLE "synced_refunds" ADD COLUMN "invoice_version" integer;