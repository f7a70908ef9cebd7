CREATE TYPE "work"."actor_kind" AS ENUM('USER', 'AGENT', 'GATEWAY', 'H5', 'SYSTEM');--> statement-breakpoint
CREATE TYPE "work"."approval_status" AS ENUM('PENDING', 'APPROVED', 'REJECTED');--> statement-breakpoint
CREATE TYPE "work"."task_priority" AS ENUM('LOW', 'MEDIUM', 'HIGH', 'URGENT');--> statement-breakpoint
CREATE TYPE "work"."task_status" AS ENUM('INBOX', 'IN_PROGRESS', 'REVIEW', 'DONE');--> statement-breakpoint
CREATE TABLE "work"."task_approvals" (
	"approval_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"status" "work"."approval_status" NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_approvals_approval_id_task_id_pk" PRIMARY KEY("approval_id","task_id")
);
--> statement-breakpoint
CREATE TABLE "work"."task_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"author_kind" "work"."actor_kind" NOT NULL,
	"author_id" text NOT NULL,
	"body" text NOT NULL,
	"mentions" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work"."task_dependencies" (
	"task_id" uuid NOT NULL,
	"depends_on_task_id" uuid NOT NULL,
	"board_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "task_dependencies_task_id_depends_on_task_id_pk" PRIMARY KEY("task_id","depends_on_task_id"),
	CONSTRAINT "task_dependencies_not_self" CHECK ("work"."task_dependencies"."task_id" <> "work"."task_dependencies"."depends_on_task_id")
);
--> statement-breakpoint
CREATE TABLE "work"."tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"board_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"status" "work"."task_status" DEFAULT 'INBOX' NOT NULL,
	"priority" "work"."task_priority" DEFAULT 'MEDIUM' NOT NULL,
	"due_at" timestamp (3) with time zone,
	"assignee_agent_id" uuid,
	"created_by_kind" "work"."actor_kind" NOT NULL,
	"created_by_id" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "work"."task_approvals" ADD CONSTRAINT "task_approvals_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "work"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work"."task_comments" ADD CONSTRAINT "task_comments_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "work"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work"."task_dependencies" ADD CONSTRAINT "task_dependencies_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "work"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work"."task_dependencies" ADD CONSTRAINT "task_dependencies_depends_on_task_id_tasks_id_fk" FOREIGN KEY ("depends_on_task_id") REFERENCES "work"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work"."task_dependencies" ADD CONSTRAINT "task_dependencies_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "work"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work"."tasks" ADD CONSTRAINT "tasks_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "work"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "task_approvals_task_idx" ON "work"."task_approvals" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "task_comments_task_page_idx" ON "work"."task_comments" USING btree ("task_id","created_at","id");--> statement-breakpoint
CREATE INDEX "task_dependencies_depends_on_idx" ON "work"."task_dependencies" USING btree ("depends_on_task_id");--> statement-breakpoint
CREATE INDEX "task_dependencies_board_idx" ON "work"."task_dependencies" USING btree ("board_id");--> statement-breakpoint
CREATE INDEX "tasks_board_page_idx" ON "work"."tasks" USING btree ("board_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tasks_board_status_idx" ON "work"."tasks" USING btree ("board_id","status");