CREATE SCHEMA "governance";
--> statement-breakpoint
CREATE TYPE "governance"."approval_status" AS ENUM('PENDING', 'APPROVED', 'REJECTED');--> statement-breakpoint
CREATE TABLE "governance"."activity" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"board_id" uuid,
	"task_id" uuid,
	"actor_kind" text NOT NULL,
	"actor_id" text NOT NULL,
	"verb" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text,
	"before" jsonb,
	"after" jsonb,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"recorded_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "governance"."approval_tasks" (
	"approval_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"pending" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "approval_tasks_approval_id_task_id_pk" PRIMARY KEY("approval_id","task_id")
);
--> statement-breakpoint
CREATE TABLE "governance"."approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"board_id" uuid NOT NULL,
	"action_type" text NOT NULL,
	"payload" jsonb,
	"confidence" integer NOT NULL,
	"rubric_scores" jsonb NOT NULL,
	"reasoning" text NOT NULL,
	"status" "governance"."approval_status" DEFAULT 'PENDING' NOT NULL,
	"requested_by_kind" text NOT NULL,
	"requested_by_id" text NOT NULL,
	"resolved_by_kind" text,
	"resolved_by_id" text,
	"resolved_at" timestamp (3) with time zone,
	"resolution_note" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approvals_confidence_check" CHECK ("governance"."approvals"."confidence" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "governance"."board_group_states" (
	"board_group_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "governance"."board_states" (
	"board_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"board_group_id" uuid,
	"deleted_at" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "governance"."task_states" (
	"task_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"board_id" uuid NOT NULL,
	"status" text NOT NULL,
	"first_in_progress_at" timestamp (3) with time zone,
	"done_at" timestamp (3) with time zone,
	"deleted_at" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "governance"."task_transitions" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"board_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "governance"."approval_tasks" ADD CONSTRAINT "approval_tasks_approval_id_approvals_id_fk" FOREIGN KEY ("approval_id") REFERENCES "governance"."approvals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "activity_event_key" ON "governance"."activity" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "activity_org_time_idx" ON "governance"."activity" USING btree ("organization_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "activity_board_time_idx" ON "governance"."activity" USING btree ("board_id","occurred_at");--> statement-breakpoint
CREATE INDEX "activity_task_time_idx" ON "governance"."activity" USING btree ("task_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_tasks_one_pending_key" ON "governance"."approval_tasks" USING btree ("task_id") WHERE "governance"."approval_tasks"."pending" = 1;--> statement-breakpoint
CREATE INDEX "approval_tasks_task_idx" ON "governance"."approval_tasks" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "approvals_org_page_idx" ON "governance"."approvals" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "approvals_board_idx" ON "governance"."approvals" USING btree ("board_id","status");--> statement-breakpoint
CREATE INDEX "board_states_group_idx" ON "governance"."board_states" USING btree ("board_group_id");--> statement-breakpoint
CREATE INDEX "task_states_board_idx" ON "governance"."task_states" USING btree ("board_id");--> statement-breakpoint
CREATE UNIQUE INDEX "task_transitions_event_key" ON "governance"."task_transitions" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "task_transitions_board_time_idx" ON "governance"."task_transitions" USING btree ("board_id","at");--> statement-breakpoint
CREATE INDEX "task_transitions_task_idx" ON "governance"."task_transitions" USING btree ("task_id","at");