CREATE TABLE "redaction_days" (
	"tenant_id" uuid NOT NULL,
	"due_day" date NOT NULL,
	"workflow_id" text NOT NULL,
	"started_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "redaction_days_tenant_id_due_day_pk" PRIMARY KEY("tenant_id","due_day")
);
--> statement-breakpoint
ALTER TABLE "redaction_days" ADD CONSTRAINT "redaction_days_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_sale_errors_tenant_redact_pending" ON "sale_errors" USING btree ("tenant_id","redact_at") WHERE redacted_at is null;