CREATE TABLE "webhook_deliveries" (
	"connection_id" uuid NOT NULL,
	"delivery_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_deliveries_connection_id_delivery_id_pk" PRIMARY KEY("connection_id","delivery_id")
);
--> statement-breakpoint
CREATE TABLE "pos_day_batches" (
	"tenant_id" uuid NOT NULL,
	"source" text NOT NULL,
	"location" text NOT NULL,
	"business_day" text NOT NULL,
	"batch" integer NOT NULL,
	"state" text NOT NULL,
	"reference" text NOT NULL,
	"sales" integer NOT NULL,
	"amount_excl_cents" bigint NOT NULL,
	"amount_incl_cents" bigint NOT NULL,
	"target_document_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"booked_at" timestamp with time zone,
	CONSTRAINT "pos_day_batches_tenant_id_source_location_business_day_batch_pk" PRIMARY KEY("tenant_id","source","location","business_day","batch")
);
--> statement-breakpoint
CREATE TABLE "pos_day_sales" (
	"tenant_id" uuid NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"location" text NOT NULL,
	"business_day" text NOT NULL,
	"share" jsonb NOT NULL,
	"batch" integer,
	"collected_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pos_day_sales_tenant_id_source_external_id_pk" PRIMARY KEY("tenant_id","source","external_id")
);
--> statement-breakpoint
ALTER TABLE "pos_day_batches" ADD CONSTRAINT "pos_day_batches_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pos_day_sales" ADD CONSTRAINT "pos_day_sales_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_webhook_deliveries_received_at" ON "webhook_deliveries" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "idx_pos_day_sales_day" ON "pos_day_sales" USING btree ("tenant_id","source","location","business_day","batch");