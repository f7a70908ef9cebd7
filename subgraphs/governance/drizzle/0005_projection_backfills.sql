CREATE TABLE "governance"."projection_backfills" (
	"name" text PRIMARY KEY NOT NULL,
	"requested_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "governance"."board_states" ADD COLUMN "lead_set_at" timestamp (3) with time zone;