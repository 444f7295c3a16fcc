CREATE TABLE "credit_note_leases" (
	"tenant_id" uuid NOT NULL,
	"original_document_id" text NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "credit_note_leases_tenant_id_original_document_id_pk" PRIMARY KEY("tenant_id","original_document_id")
);
--> statement-breakpoint
ALTER TABLE "credit_note_leases" ADD CONSTRAINT "credit_note_leases_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;