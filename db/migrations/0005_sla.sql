CREATE TYPE "public"."sla_clock_state" AS ENUM('running', 'paused', 'stopped');--> statement-breakpoint
CREATE TYPE "public"."sla_metric" AS ENUM('response', 'resolution');--> statement-breakpoint
CREATE TABLE "business_calendars" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"time_zone" text NOT NULL,
	"hours" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_holidays" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"calendar_id" uuid NOT NULL,
	"date" date NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_clocks" (
	"ticket_id" uuid NOT NULL,
	"metric" "sla_metric" NOT NULL,
	"policy_id" uuid,
	"calendar_id" uuid,
	"priority" "priority" NOT NULL,
	"target_seconds" integer NOT NULL,
	"warn_percent" smallint NOT NULL,
	"state" "sla_clock_state" NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"intervals" jsonb NOT NULL,
	"elapsed_seconds" integer NOT NULL,
	"paused_seconds" integer DEFAULT 0 NOT NULL,
	"due_at" timestamp with time zone,
	"warn_at" timestamp with time zone,
	"stopped_at" timestamp with time zone,
	"is_breached" boolean DEFAULT false NOT NULL,
	"warning_marked_at" timestamp with time zone,
	"breach_marked_at" timestamp with time zone,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_clocks_pkey" PRIMARY KEY("ticket_id","metric"),
	CONSTRAINT "sla_clocks_target_seconds_check" CHECK ("sla_clocks"."target_seconds" > 0)
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"ticket_types" "ticket_type"[] DEFAULT '{}' NOT NULL,
	"priorities" "priority"[] DEFAULT '{}' NOT NULL,
	"service_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"team_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"calendar_id" uuid NOT NULL,
	"targets" jsonb NOT NULL,
	"pause_statuses" "ticket_status"[] DEFAULT '{pending}' NOT NULL,
	"warn_percent" smallint DEFAULT 75 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_policies_warn_percent_check" CHECK ("sla_policies"."warn_percent" between 1 and 99)
);
--> statement-breakpoint
ALTER TABLE "calendar_holidays" ADD CONSTRAINT "calendar_holidays_calendar_id_business_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."business_calendars"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD CONSTRAINT "sla_clocks_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD CONSTRAINT "sla_clocks_policy_id_sla_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."sla_policies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD CONSTRAINT "sla_clocks_calendar_id_business_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."business_calendars"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_calendar_id_business_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."business_calendars"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "business_calendars_name_idx" ON "business_calendars" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_holidays_calendar_id_date_idx" ON "calendar_holidays" USING btree ("calendar_id","date");--> statement-breakpoint
CREATE INDEX "sla_clocks_calendar_id_idx" ON "sla_clocks" USING btree ("calendar_id");--> statement-breakpoint
CREATE INDEX "sla_clocks_policy_id_idx" ON "sla_clocks" USING btree ("policy_id");--> statement-breakpoint
CREATE INDEX "sla_clocks_due_at_idx" ON "sla_clocks" USING btree ("due_at") WHERE "sla_clocks"."state" = 'running' and "sla_clocks"."breach_marked_at" is null;--> statement-breakpoint
CREATE INDEX "sla_clocks_warn_at_idx" ON "sla_clocks" USING btree ("warn_at") WHERE "sla_clocks"."state" = 'running' and "sla_clocks"."warning_marked_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policies_name_idx" ON "sla_policies" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "sla_policies_position_idx" ON "sla_policies" USING btree ("position");