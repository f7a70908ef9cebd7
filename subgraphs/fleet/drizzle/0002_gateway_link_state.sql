CREATE TYPE "fleet"."link_state" AS ENUM('CONNECTED', 'CONNECTING', 'DISCONNECTED');--> statement-breakpoint
ALTER TABLE "fleet"."gateways" ADD COLUMN "link_state" "fleet"."link_state";--> statement-breakpoint
ALTER TABLE "fleet"."gateways" ADD COLUMN "link_since" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "fleet"."gateways" ADD COLUMN "link_error" text;--> statement-breakpoint
ALTER TABLE "fleet"."gateways" ADD COLUMN "link_server_version" text;