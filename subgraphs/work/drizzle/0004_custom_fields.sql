CREATE TYPE "work"."custom_field_type" AS ENUM('TEXT', 'LONG_TEXT', 'INTEGER', 'DECIMAL', 'BOOLEAN', 'DATE', 'DATE_TIME', 'URL', 'JSON');--> statement-breakpoint
CREATE TYPE "work"."custom_field_visibility" AS ENUM('VISIBLE', 'HIDDEN', 'ADMIN_ONLY');--> statement-breakpoint
CREATE TABLE "work"."board_custom_fields" (
	"board_id" uuid NOT NULL,
	"field_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "board_custom_fields_board_id_field_id_pk" PRIMARY KEY("board_id","field_id")
);
--> statement-breakpoint
CREATE TABLE "work"."custom_fields" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"type" "work"."custom_field_type" NOT NULL,
	"required" boolean DEFAULT false NOT NULL,
	"default_value" jsonb,
	"pattern" text,
	"visibility" "work"."custom_field_visibility" DEFAULT 'VISIBLE' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work"."task_custom_field_values" (
	"task_id" uuid NOT NULL,
	"field_id" uuid NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_custom_field_values_task_id_field_id_pk" PRIMARY KEY("task_id","field_id")
);
--> statement-breakpoint
ALTER TABLE "work"."board_custom_fields" ADD CONSTRAINT "board_custom_fields_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "work"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work"."board_custom_fields" ADD CONSTRAINT "board_custom_fields_field_id_custom_fields_id_fk" FOREIGN KEY ("field_id") REFERENCES "work"."custom_fields"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work"."task_custom_field_values" ADD CONSTRAINT "task_custom_field_values_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "work"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work"."task_custom_field_values" ADD CONSTRAINT "task_custom_field_values_field_id_custom_fields_id_fk" FOREIGN KEY ("field_id") REFERENCES "work"."custom_fields"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "board_custom_fields_field_idx" ON "work"."board_custom_fields" USING btree ("field_id");--> statement-breakpoint
CREATE UNIQUE INDEX "custom_fields_org_key_key" ON "work"."custom_fields" USING btree ("organization_id","key");--> statement-breakpoint
CREATE INDEX "task_custom_field_values_field_idx" ON "work"."task_custom_field_values" USING btree ("field_id");