CREATE SCHEMA "chat";
--> statement-breakpoint
CREATE TYPE "chat"."message_author" AS ENUM('H5_USER', 'AGENT');--> statement-breakpoint
CREATE TYPE "chat"."message_status" AS ENUM('PENDING', 'SENT', 'FAILED');--> statement-breakpoint
CREATE TYPE "chat"."session_event_kind" AS ENUM('MESSAGE_CREATED', 'MESSAGE_UPDATED');--> statement-breakpoint
CREATE TABLE "chat"."agent_states" (
	"agent_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	"changed_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chat"."assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"h5_user_id" uuid NOT NULL,
	"assigned_by_kind" text NOT NULL,
	"assigned_by_id" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chat"."h5_user_states" (
	"h5_user_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"seen_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chat"."messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"author" "chat"."message_author" NOT NULL,
	"author_id" uuid NOT NULL,
	"client_message_id" text,
	"run_id" text,
	"text" text NOT NULL,
	"status" "chat"."message_status" NOT NULL,
	"error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chat"."session_events" (
	"session_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"kind" "chat"."session_event_kind" NOT NULL,
	"message_id" uuid NOT NULL,
	"occurred_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_events_session_id_sequence_pk" PRIMARY KEY("session_id","sequence")
);
--> statement-breakpoint
CREATE TABLE "chat"."sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"h5_user_id" uuid NOT NULL,
	"last_sequence" integer DEFAULT 0 NOT NULL,
	"last_message_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "chat"."messages" ADD CONSTRAINT "messages_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "chat"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat"."session_events" ADD CONSTRAINT "session_events_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "chat"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat"."session_events" ADD CONSTRAINT "session_events_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "chat"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_pair_key" ON "chat"."assignments" USING btree ("h5_user_id","agent_id");--> statement-breakpoint
CREATE INDEX "assignments_org_page_idx" ON "chat"."assignments" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "assignments_agent_idx" ON "chat"."assignments" USING btree ("agent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_session_sequence_key" ON "chat"."messages" USING btree ("session_id","sequence");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_client_id_key" ON "chat"."messages" USING btree ("session_id","author","client_message_id") WHERE "chat"."messages"."client_message_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_run_key" ON "chat"."messages" USING btree ("session_id","run_id") WHERE "chat"."messages"."run_id" is not null;--> statement-breakpoint
CREATE INDEX "messages_pending_idx" ON "chat"."messages" USING btree ("session_id","created_at") WHERE "chat"."messages"."status" = 'PENDING';--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_pair_key" ON "chat"."sessions" USING btree ("h5_user_id","agent_id");--> statement-breakpoint
CREATE INDEX "sessions_org_page_idx" ON "chat"."sessions" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "sessions_agent_idx" ON "chat"."sessions" USING btree ("agent_id");