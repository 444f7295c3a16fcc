CREATE TABLE "debug_copies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"requested_by" text NOT NULL,
	"reason" text NOT NULL,
	"workflow_id" text NOT NULL,
	"state" text DEFAULT 'making' NOT NULL,
	"error_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sales" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"destroyed_at" timestamp with time zone,
	"destroyed_because" text
);
--> statement-breakpoint
CREATE TABLE "debug_copy_sales" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"copy_id" uuid NOT NULL,
	"error_id" uuid NOT NULL,
	"order_number" text NOT NULL,
	"sale" jsonb,
	"fetch_problem" text,
	"error" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deletion_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"tenant_id" uuid NOT NULL,
	"subject_ids" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"shipped_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "backups" ADD COLUMN "key_id" text;--> statement-breakpoint
ALTER TABLE "backups" ADD COLUMN "duration_ms" integer;--> statement-breakpoint
ALTER TABLE "debug_copies" ADD CONSTRAINT "debug_copies_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debug_copy_sales" ADD CONSTRAINT "debug_copy_sales_copy_id_debug_copies_id_fk" FOREIGN KEY ("copy_id") REFERENCES "public"."debug_copies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_debug_copies_tenant" ON "debug_copies" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "idx_debug_copy_sales_copy" ON "debug_copy_sales" USING btree ("copy_id");--> statement-breakpoint
CREATE INDEX "idx_deletion_log_unshipped" ON "deletion_log" USING btree ("shipped_at","at");