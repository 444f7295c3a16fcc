CREATE TABLE "target_budget_holds" (
	"connection_id" uuid PRIMARY KEY NOT NULL,
	"until" timestamp (3) with time zone NOT NULL
);
