ALTER TABLE "administrators" ADD COLUMN "session_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "number_quota" integer DEFAULT 10000 NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "existence_check_daily_limit" integer DEFAULT 250000 NOT NULL;--> statement-breakpoint
ALTER TABLE "rate_limits" ADD COLUMN "expires_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "rate_limits_expires_idx" ON "rate_limits" USING btree ("expires_at");--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_number_quota_check" CHECK ("organizations"."number_quota" >= 0);--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_existence_limit_check" CHECK ("organizations"."existence_check_daily_limit" >= 0);--> statement-breakpoint
UPDATE "rate_limits" SET "expires_at" = "window_start" + interval '1 day';
