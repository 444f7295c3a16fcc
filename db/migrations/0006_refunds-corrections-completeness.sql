CREATE TABLE "completeness_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"counts" jsonb NOT NULL,
	"missing_orders" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"missing_refunds" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_completeness_reports_tenant_day" UNIQUE("tenant_id","day")
);
--> statement-breakpoint
CREATE TABLE "sale_versions" (
	"tenant_id" uuid NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"version" integer NOT NULL,
	"reference" text NOT NULL,
	"state" text NOT NULL,
	"amount_excl_cents" bigint NOT NULL,
	"amount_incl_cents" bigint NOT NULL,
	"breakdown" jsonb NOT NULL,
	"credit_note_document_id" text,
	"target_document_id" text,
	"claimed_by_run_id" text,
	"posted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sale_versions_tenant_id_source_external_id_version_pk" PRIMARY KEY("tenant_id","source","external_id","version")
);
--> statement-breakpoint
CREATE TABLE "synced_refunds" (
	"tenant_id" uuid NOT NULL,
	"source" text NOT NULL,
	"order_external_id" text NOT NULL,
	"refund_external_id" text NOT NULL,
	"order_number" text,
	"state" text NOT NULL,
	"amount_excl_cents" bigint,
	"amount_incl_cents" bigint,
	"target_document_id" text,
	"claimed_by_run_id" text,
	"credited_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "synced_refunds_tenant_id_source_order_external_id_refund_external_id_pk" PRIMARY KEY("tenant_id","source","order_external_id","refund_external_id")
);
--> statement-breakpoint
ALTER TABLE "completeness_reports" ADD CONSTRAINT "completeness_reports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_versions" ADD CONSTRAINT "sale_versions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "synced_refunds" ADD CONSTRAINT "synced_refunds_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_synced_refunds_tenant_order_number" ON "synced_refunds" USING btree ("tenant_id","order_number");