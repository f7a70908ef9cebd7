CREATE TYPE "work"."memory_kind" AS ENUM('NOTE', 'CHAT');--> statement-breakpoint
CREATE TABLE "work"."memory_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"board_id" uuid,
	"board_group_id" uuid,
	"kind" "work"."memory_kind" NOT NULL,
	"body" text NOT NULL,
	"author_kind" "work"."actor_kind" NOT NULL,
	"author_id" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memory_entries_one_scope" CHECK (("work"."memory_entries"."board_id" is null) <> ("work"."memory_entries"."board_group_id" is null))
);
--> statement-breakpoint
ALTER TABLE "work"."memory_entries" ADD CONSTRAINT "memory_entries_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "work"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work"."memory_entries" ADD CONSTRAINT "memory_entries_board_group_id_board_groups_id_fk" FOREIGN KEY ("board_group_id") REFERENCES "work"."board_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "memory_entries_board_page_idx" ON "work"."memory_entries" USING btree ("board_id","kind","created_at","id");--> statement-breakpoint
CREATE INDEX "memory_entries_group_page_idx" ON "work"."memory_entries" USING btree ("board_group_id","kind","created_at","id");