CREATE TABLE "sale_journeys" (
	"tenant_id" uuid NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"order_number" text,
	"state" text NOT NULL,
	"workflow_id" text NOT NULL,
	"run_id" text NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"pending_step" text,
	"last_error_code" text,
	"target_document_id" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "sale_journeys_tenant_id_source_external_id_pk" PRIMARY KEY("tenant_id","source","external_id")
);
--> statement-breakpoint
CREATE TABLE "sync_status" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"run_id" text NOT NULL,
	"state" text NOT NULL,
	"paused_reason" text,
	"paused_by" text,
	"paused_since" timestamp with time zone,
	"cursor" text,
	"queued" integer DEFAULT 0 NOT NULL,
	"in_flight" integer DEFAULT 0 NOT NULL,
	"last_poll_at" timestamp with time zone,
	"last_poll_error" text,
	"next_poll_at" timestamp with time zone,
	"counts" jsonb NOT NULL,
	"written_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "redaction_days" (
	"tenant_id" uuid NOT NULL,
	"due_day" date NOT NULL,
	"workflow_id" text NOT NULL,
	"started_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "redaction_days_tenant_id_due_day_pk" PRIMARY KEY("tenant_id","due_day")
);
--> statement-breakpoint
ALTER TABLE "sale_journeys" ADD CONSTRAINT "sale_journeys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_status" ADD CONSTRAINT "sync_status_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redaction_days" ADD CONSTRAINT "redaction_days_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_sale_journeys_tenant_order_number" ON "sale_journeys" USING btree ("tenant_id","order_number");--> statement-breakpoint
CREATE INDEX "idx_sale_errors_tenant_redact_pending" ON "sale_errors" USING btree ("tenant_id","redact_at") WHERE redacted_at is null;