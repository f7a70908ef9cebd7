CREATE TYPE "work"."webhook_delivery_status" AS ENUM('PENDING', 'DELIVERED', 'FAILED');--> statement-breakpoint
CREATE TABLE "work"."board_webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"board_id" uuid NOT NULL,
	"name" text NOT NULL,
	"target_agent_id" uuid,
	"signature_header" text NOT NULL,
	"require_signature" boolean NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work"."webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"board_id" uuid NOT NULL,
	"webhook_id" uuid NOT NULL,
	"content_type" text,
	"body" text NOT NULL,
	"status" "work"."webhook_delivery_status" DEFAULT 'PENDING' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"target_agent_id" uuid,
	"last_error" text,
	"delivered_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "work"."board_webhooks" ADD CONSTRAINT "board_webhooks_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "work"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work"."webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "work"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work"."webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_board_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "work"."board_webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "board_webhooks_board_idx" ON "work"."board_webhooks" USING btree ("board_id","created_at","id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_page_idx" ON "work"."webhook_deliveries" USING btree ("webhook_id","created_at","id");