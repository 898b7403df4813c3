CREATE TYPE "public"."delivery_status" AS ENUM('pending', 'sent', 'failed', 'skipped');--> statement-breakpoint
CREATE TYPE "public"."escalation_state" AS ENUM('active', 'acknowledged', 'exhausted', 'stopped');--> statement-breakpoint
CREATE TYPE "public"."link_action" AS ENUM('acknowledge', 'resolve');--> statement-breakpoint
CREATE TYPE "public"."notification_channel" AS ENUM('email', 'push', 'webhook');--> statement-breakpoint
CREATE TYPE "public"."rotation_kind" AS ENUM('daily', 'weekly', 'custom');--> statement-breakpoint
CREATE TYPE "public"."webhook_format" AS ENUM('json', 'slack');--> statement-breakpoint
CREATE TABLE "action_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"action" "link_action" NOT NULL,
	"delivery_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escalation_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"repeat_count" smallint DEFAULT 0 NOT NULL,
	"repeat_after_minutes" integer DEFAULT 30 NOT NULL,
	"ack_timeout_minutes" integer,
	"is_default" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "escalation_policies_repeat_count_check" CHECK ("escalation_policies"."repeat_count" between 0 and 9)
);
--> statement-breakpoint
CREATE TABLE "escalation_policy_links" (
	"policy_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	CONSTRAINT "escalation_policy_links_subject_type_subject_id_pk" PRIMARY KEY("subject_type","subject_id")
);
--> statement-breakpoint
CREATE TABLE "escalation_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"policy_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"delay_minutes" integer DEFAULT 0 NOT NULL,
	"targets" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_escalations" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"policy_id" uuid,
	"state" "escalation_state" DEFAULT 'active' NOT NULL,
	"generation" integer DEFAULT 1 NOT NULL,
	"round" smallint DEFAULT 0 NOT NULL,
	"next_step" smallint DEFAULT 0 NOT NULL,
	"next_at" timestamp with time zone,
	"acknowledged_by_id" uuid,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"user_id" uuid,
	"channel" "notification_channel" NOT NULL,
	"target" text NOT NULL,
	"reason" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"status" "delivery_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"due_at" timestamp with time zone DEFAULT now() NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"last_error" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"channel" "notification_channel" NOT NULL,
	"delay_minutes" integer DEFAULT 0 NOT NULL,
	"priorities" "priority"[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_rules_channel_check" CHECK ("notification_rules"."channel" in ('email', 'push')),
	CONSTRAINT "notification_rules_delay_check" CHECK ("notification_rules"."delay_minutes" between 0 and 1440)
);
--> statement-breakpoint
CREATE TABLE "oncall_layer_members" (
	"layer_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "oncall_layer_members_layer_id_position_pk" PRIMARY KEY("layer_id","position")
);
--> statement-breakpoint
CREATE TABLE "oncall_layers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"schedule_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"rotation_kind" "rotation_kind" DEFAULT 'weekly' NOT NULL,
	"shift_hours" integer DEFAULT 168 NOT NULL,
	"starts_at" text NOT NULL,
	"ends_at" text,
	"restrictions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "oncall_layers_shift_hours_check" CHECK ("oncall_layers"."shift_hours" >= 1)
);
--> statement-breakpoint
CREATE TABLE "oncall_overrides" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"schedule_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "oncall_overrides_period_check" CHECK ("oncall_overrides"."ends_at" > "oncall_overrides"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "oncall_schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"time_zone" text NOT NULL,
	"team_id" uuid,
	"feed_token_hash" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbound_webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"format" "webhook_format" DEFAULT 'json' NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "push_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"endpoint" text NOT NULL,
	"p256dh" text NOT NULL,
	"auth" text NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_success_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "action_links" ADD CONSTRAINT "action_links_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_links" ADD CONSTRAINT "action_links_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_links" ADD CONSTRAINT "action_links_delivery_id_notification_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."notification_deliveries"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_policy_links" ADD CONSTRAINT "escalation_policy_links_policy_id_escalation_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."escalation_policies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_steps" ADD CONSTRAINT "escalation_steps_policy_id_escalation_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."escalation_policies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_escalations" ADD CONSTRAINT "incident_escalations_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_escalations" ADD CONSTRAINT "incident_escalations_policy_id_escalation_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."escalation_policies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_escalations" ADD CONSTRAINT "incident_escalations_acknowledged_by_id_users_id_fk" FOREIGN KEY ("acknowledged_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_rules" ADD CONSTRAINT "notification_rules_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oncall_layer_members" ADD CONSTRAINT "oncall_layer_members_layer_id_oncall_layers_id_fk" FOREIGN KEY ("layer_id") REFERENCES "public"."oncall_layers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oncall_layer_members" ADD CONSTRAINT "oncall_layer_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oncall_layers" ADD CONSTRAINT "oncall_layers_schedule_id_oncall_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."oncall_schedules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oncall_overrides" ADD CONSTRAINT "oncall_overrides_schedule_id_oncall_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."oncall_schedules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oncall_overrides" ADD CONSTRAINT "oncall_overrides_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oncall_overrides" ADD CONSTRAINT "oncall_overrides_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oncall_schedules" ADD CONSTRAINT "oncall_schedules_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_subscriptions" ADD CONSTRAINT "push_subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "action_links_expires_at_idx" ON "action_links" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "escalation_policies_name_idx" ON "escalation_policies" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "escalation_policies_is_default_idx" ON "escalation_policies" USING btree ("is_default") WHERE "escalation_policies"."is_default";--> statement-breakpoint
CREATE INDEX "escalation_policy_links_policy_id_idx" ON "escalation_policy_links" USING btree ("policy_id");--> statement-breakpoint
CREATE UNIQUE INDEX "escalation_steps_policy_id_position_idx" ON "escalation_steps" USING btree ("policy_id","position");--> statement-breakpoint
CREATE INDEX "incident_escalations_next_at_idx" ON "incident_escalations" USING btree ("next_at") WHERE "incident_escalations"."next_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "notification_deliveries_dedupe_key_idx" ON "notification_deliveries" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "notification_deliveries_ticket_id_idx" ON "notification_deliveries" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "notification_deliveries_user_id_created_at_idx" ON "notification_deliveries" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notification_deliveries_next_attempt_at_idx" ON "notification_deliveries" USING btree ("next_attempt_at") WHERE "notification_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "notification_rules_user_id_idx" ON "notification_rules" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "oncall_layer_members_user_id_idx" ON "oncall_layer_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "oncall_layers_schedule_id_idx" ON "oncall_layers" USING btree ("schedule_id");--> statement-breakpoint
CREATE INDEX "oncall_overrides_schedule_id_ends_at_idx" ON "oncall_overrides" USING btree ("schedule_id","ends_at");--> statement-breakpoint
CREATE UNIQUE INDEX "oncall_schedules_name_idx" ON "oncall_schedules" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "oncall_schedules_feed_token_hash_idx" ON "oncall_schedules" USING btree ("feed_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "outbound_webhooks_name_idx" ON "outbound_webhooks" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "push_subscriptions_endpoint_idx" ON "push_subscriptions" USING btree ("endpoint");--> statement-breakpoint
CREATE INDEX "push_subscriptions_user_id_idx" ON "push_subscriptions" USING btree ("user_id");