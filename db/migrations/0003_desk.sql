-- Search: character bigrams and trigrams of every word, so Korean (where words are often two syllables) and English both match substrings through a GIN index.
CREATE FUNCTION "public"."wd_search_grams"(input text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}'::text[])
  FROM regexp_split_to_table(lower(left(input, 20000)), '[[:space:][:punct:]]+') AS w,
       LATERAL (
         SELECT substr(w, i, 2) FROM generate_series(1, greatest(char_length(w) - 1, 1)) AS i
         UNION ALL
         SELECT substr(w, i, 3) FROM generate_series(1, char_length(w) - 2) AS i
       ) AS x(g)
  WHERE w <> ''
$$;--> statement-breakpoint
CREATE FUNCTION "public"."wd_search_vector"(input text) RETURNS tsvector LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT array_to_tsvector("public"."wd_search_grams"(input))
$$;--> statement-breakpoint
CREATE FUNCTION "public"."wd_search_query"(input text) RETURNS tsquery LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(DISTINCT quote_literal(g) || CASE WHEN char_length(w) = 1 THEN ':*' ELSE '' END, ' & '), '')::tsquery
  FROM regexp_split_to_table(lower(left(input, 200)), '[[:space:][:punct:]]+') AS w,
       LATERAL (
         SELECT substr(w, i, least(char_length(w), 3))
         FROM generate_series(1, greatest(char_length(w) - 2, 1)) AS i
       ) AS x(g)
  WHERE w <> ''
$$;--> statement-breakpoint
CREATE TYPE "public"."resolution_code" AS ENUM('fixed', 'workaround', 'no_fault_found', 'user_education', 'duplicate', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."assignment_strategy" AS ENUM('manual', 'round_robin', 'least_loaded');--> statement-breakpoint
ALTER TYPE "public"."activity_kind" ADD VALUE 'link';--> statement-breakpoint
ALTER TYPE "public"."activity_kind" ADD VALUE 'attachment';--> statement-breakpoint
ALTER TYPE "public"."role" ADD VALUE 'requester';--> statement-breakpoint
CREATE TABLE "saved_views" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"query" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"activity_id" bigint,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"uploaded_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_attachments_size_check" CHECK ("ticket_attachments"."size_bytes" between 1 and 10485760)
);
--> statement-breakpoint
CREATE TABLE "request_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_types" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"category_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"default_impact" smallint DEFAULT 3 NOT NULL,
	"default_urgency" smallint DEFAULT 3 NOT NULL,
	"team_id" uuid,
	"is_active" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "request_type_id" uuid;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "request_fields" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "is_major" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "pending_reason" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "resolution_code" "resolution_code";--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "resolution_note" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "parent_id" uuid;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "duplicate_of_id" uuid;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "watcher_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "assignment_strategy" "assignment_strategy" DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "last_assigned_user_id" uuid;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "is_away" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD COLUMN "ticket_types" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD COLUMN "category_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD COLUMN "match_service_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD COLUMN "priorities" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_attachments" ADD CONSTRAINT "ticket_attachments_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_attachments" ADD CONSTRAINT "ticket_attachments_activity_id_ticket_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."ticket_activities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_attachments" ADD CONSTRAINT "ticket_attachments_uploaded_by_id_users_id_fk" FOREIGN KEY ("uploaded_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_types" ADD CONSTRAINT "request_types_category_id_request_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."request_categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_types" ADD CONSTRAINT "request_types_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "saved_views_user_id_name_idx" ON "saved_views" USING btree ("user_id",lower("name"));--> statement-breakpoint
CREATE INDEX "ticket_attachments_ticket_id_idx" ON "ticket_attachments" USING btree ("ticket_id");--> statement-breakpoint
CREATE UNIQUE INDEX "request_categories_name_idx" ON "request_categories" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "request_types_category_id_name_idx" ON "request_types" USING btree ("category_id",lower("name"));--> statement-breakpoint
CREATE INDEX "request_types_category_id_idx" ON "request_types" USING btree ("category_id");--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_request_type_id_request_types_id_fk" FOREIGN KEY ("request_type_id") REFERENCES "public"."request_types"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_parent_id_tickets_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."tickets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_duplicate_of_id_tickets_id_fk" FOREIGN KEY ("duplicate_of_id") REFERENCES "public"."tickets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ticket_activities_comment_search_idx" ON "ticket_activities" USING gin (wd_search_vector("body")) WHERE "ticket_activities"."kind" = 'comment';--> statement-breakpoint
CREATE INDEX "tickets_open_created_at_idx" ON "tickets" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tickets"."status" in ('new', 'acknowledged', 'in_progress', 'pending');--> statement-breakpoint
CREATE INDEX "tickets_assignee_id_open_created_at_idx" ON "tickets" USING btree ("assignee_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tickets"."status" in ('new', 'acknowledged', 'in_progress', 'pending');--> statement-breakpoint
CREATE INDEX "tickets_unassigned_open_created_at_idx" ON "tickets" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tickets"."assignee_id" is null and "tickets"."status" in ('new', 'acknowledged', 'in_progress', 'pending');--> statement-breakpoint
CREATE INDEX "tickets_team_id_open_created_at_idx" ON "tickets" USING btree ("team_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tickets"."status" in ('new', 'acknowledged', 'in_progress', 'pending');--> statement-breakpoint
CREATE INDEX "tickets_resolved_at_idx" ON "tickets" USING btree ("resolved_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tickets"."status" in ('resolved', 'closed');--> statement-breakpoint
CREATE INDEX "tickets_created_at_idx" ON "tickets" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "tickets_requester_id_created_at_idx" ON "tickets" USING btree ("requester_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "tickets_parent_id_idx" ON "tickets" USING btree ("parent_id") WHERE "tickets"."parent_id" is not null;--> statement-breakpoint
CREATE INDEX "tickets_duplicate_of_id_idx" ON "tickets" USING btree ("duplicate_of_id") WHERE "tickets"."duplicate_of_id" is not null;--> statement-breakpoint
CREATE INDEX "tickets_search_idx" ON "tickets" USING gin (wd_search_vector("number" || ' ' || "title" || ' ' || "description"));