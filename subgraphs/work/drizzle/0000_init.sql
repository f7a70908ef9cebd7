CREATE SCHEMA "work";
--> statement-breakpoint
CREATE TYPE "work"."board_kind" AS ENUM('GOAL', 'GENERAL');--> statement-breakpoint
CREATE TABLE "work"."board_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"description" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work"."boards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"group_id" uuid,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"description" text NOT NULL,
	"kind" "work"."board_kind" DEFAULT 'GENERAL' NOT NULL,
	"goal_confirmed" boolean DEFAULT false NOT NULL,
	"objective" text,
	"success_metrics" text,
	"require_approval_for_done" boolean DEFAULT true NOT NULL,
	"require_review_before_done" boolean DEFAULT false NOT NULL,
	"comment_required_for_review" boolean DEFAULT false NOT NULL,
	"block_status_changes_with_pending_approval" boolean DEFAULT false NOT NULL,
	"only_lead_changes_status" boolean DEFAULT false NOT NULL,
	"max_agents" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "boards_max_agents_check" CHECK ("work"."boards"."max_agents" >= 0)
);
--> statement-breakpoint
ALTER TABLE "work"."boards" ADD CONSTRAINT "boards_group_id_board_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "work"."board_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "board_groups_org_slug_key" ON "work"."board_groups" USING btree ("organization_id","slug");--> statement-breakpoint
CREATE UNIQUE INDEX "boards_org_slug_key" ON "work"."boards" USING btree ("organization_id","slug");--> statement-breakpoint
CREATE INDEX "boards_org_page_idx" ON "work"."boards" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "boards_group_idx" ON "work"."boards" USING btree ("group_id");