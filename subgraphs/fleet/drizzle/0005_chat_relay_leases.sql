CREATE TABLE "fleet"."chat_relay_leases" (
	"message_id" uuid PRIMARY KEY NOT NULL,
	"job" jsonb NOT NULL,
	"holder" text NOT NULL,
	"lease_until" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "chat_relay_leases_until_idx" ON "fleet"."chat_relay_leases" USING btree ("lease_until");