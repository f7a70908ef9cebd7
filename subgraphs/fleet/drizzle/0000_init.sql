CREATE SCHEMA "fleet";
--> statement-breakpoint
CREATE TYPE "fleet"."agent_kind" AS ENUM('GATEWAY_MAIN', 'LEAD', 'WORKER');--> statement-breakpoint
CREATE TYPE "fleet"."agent_status" AS ENUM('PROVISIONING', 'ONLINE', 'OFFLINE', 'ERROR', 'DELETING');--> statement-breakpoint
CREATE TYPE "fleet"."gateway_status" AS ENUM('PENDING', 'ONLINE', 'OFFLINE', 'ERROR');--> statement-breakpoint
CREATE TYPE "fleet"."pairing_mode" AS ENUM('DEVICE', 'CONTROL_UI');--> statement-breakpoint
CREATE TYPE "fleet"."proficiency" AS ENUM('NOVICE', 'STANDARD', 'EXPERT');--> statement-breakpoint
CREATE TYPE "fleet"."team_role" AS ENUM('LEADER', 'SPECIALIST', 'MEMBER', 'REVIEWER');--> statement-breakpoint
CREATE TABLE "fleet"."agent_capabilities" (
	"agent_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"proficiency" "fleet"."proficiency" NOT NULL,
	CONSTRAINT "agent_capabilities_agent_id_name_pk" PRIMARY KEY("agent_id","name")
);
--> statement-breakpoint
CREATE TABLE "fleet"."agents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"gateway_id" uuid NOT NULL,
	"board_id" uuid,
	"name" text NOT NULL,
	"kind" "fleet"."agent_kind" DEFAULT 'WORKER' NOT NULL,
	"status" "fleet"."agent_status" DEFAULT 'PROVISIONING' NOT NULL,
	"last_error" text,
	"lifecycle_generation" integer DEFAULT 1 NOT NULL,
	"wake_attempts" integer DEFAULT 0 NOT NULL,
	"provision_deadline_at" timestamp (3) with time zone,
	"checked_in_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agents_main_without_board_check" CHECK ("fleet"."agents"."kind" <> 'GATEWAY_MAIN' or "fleet"."agents"."board_id" is null)
);
--> statement-breakpoint
CREATE TABLE "fleet"."board_states" (
	"board_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"max_agents" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fleet"."gateways" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"url" text,
	"token_sealed" text,
	"device_identity_sealed" text,
	"device_token_sealed" text,
	"workspace_root" text NOT NULL,
	"allow_self_signed_tls" boolean DEFAULT false NOT NULL,
	"pairing_mode" "fleet"."pairing_mode" DEFAULT 'DEVICE' NOT NULL,
	"status" "fleet"."gateway_status" DEFAULT 'PENDING' NOT NULL,
	"last_seen_at" timestamp (3) with time zone,
	"status_changed_at" timestamp (3) with time zone,
	"last_error" text,
	"version" text,
	"credential_id" uuid,
	"registered_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fleet"."gateway_heartbeats" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"gateway_id" uuid NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"active_sessions" integer NOT NULL,
	"memory_bytes" bigint NOT NULL,
	"cpu_percent" real NOT NULL,
	"agent_count" integer NOT NULL,
	"version" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fleet"."gateway_registration_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"gateway_id" uuid,
	"token_hash" text NOT NULL,
	"created_by" text NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"used_at" timestamp (3) with time zone,
	"used_by_gateway_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fleet"."team_members" (
	"team_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"role" "fleet"."team_role" NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_members_team_id_agent_id_pk" PRIMARY KEY("team_id","agent_id")
);
--> statement-breakpoint
CREATE TABLE "fleet"."teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fleet"."agent_capabilities" ADD CONSTRAINT "agent_capabilities_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "fleet"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fleet"."agents" ADD CONSTRAINT "agents_gateway_id_gateways_id_fk" FOREIGN KEY ("gateway_id") REFERENCES "fleet"."gateways"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fleet"."gateway_heartbeats" ADD CONSTRAINT "gateway_heartbeats_gateway_id_gateways_id_fk" FOREIGN KEY ("gateway_id") REFERENCES "fleet"."gateways"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fleet"."gateway_registration_tokens" ADD CONSTRAINT "gateway_registration_tokens_gateway_id_gateways_id_fk" FOREIGN KEY ("gateway_id") REFERENCES "fleet"."gateways"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fleet"."team_members" ADD CONSTRAINT "team_members_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "fleet"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fleet"."team_members" ADD CONSTRAINT "team_members_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "fleet"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_capabilities_org_name_idx" ON "fleet"."agent_capabilities" USING btree ("organization_id","name");--> statement-breakpoint
CREATE INDEX "agents_org_page_idx" ON "fleet"."agents" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "agents_gateway_idx" ON "fleet"."agents" USING btree ("gateway_id");--> statement-breakpoint
CREATE INDEX "agents_board_idx" ON "fleet"."agents" USING btree ("board_id");--> statement-breakpoint
CREATE UNIQUE INDEX "agents_one_gateway_main_key" ON "fleet"."agents" USING btree ("gateway_id") WHERE "fleet"."agents"."kind" = 'GATEWAY_MAIN';--> statement-breakpoint
CREATE UNIQUE INDEX "agents_one_lead_per_board_key" ON "fleet"."agents" USING btree ("board_id") WHERE "fleet"."agents"."kind" = 'LEAD';--> statement-breakpoint
CREATE UNIQUE INDEX "agents_gateway_name_key" ON "fleet"."agents" USING btree ("gateway_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "gateways_org_name_key" ON "fleet"."gateways" USING btree ("organization_id","name");--> statement-breakpoint
CREATE INDEX "gateways_org_page_idx" ON "fleet"."gateways" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "gateways_online_seen_idx" ON "fleet"."gateways" USING btree ("last_seen_at") WHERE "fleet"."gateways"."status" = 'ONLINE';--> statement-breakpoint
CREATE INDEX "gateway_heartbeats_gateway_at_idx" ON "fleet"."gateway_heartbeats" USING btree ("gateway_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_registration_tokens_hash_key" ON "fleet"."gateway_registration_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "gateway_registration_tokens_org_idx" ON "fleet"."gateway_registration_tokens" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "team_members_agent_idx" ON "fleet"."team_members" USING btree ("agent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "team_members_one_leader_key" ON "fleet"."team_members" USING btree ("team_id") WHERE "fleet"."team_members"."role" = 'LEADER';--> statement-breakpoint
CREATE UNIQUE INDEX "teams_org_name_key" ON "fleet"."teams" USING btree ("organization_id","name");--> statement-breakpoint
CREATE INDEX "teams_org_page_idx" ON "fleet"."teams" USING btree ("organization_id","created_at","id");