ALTER TYPE "public"."account_status" ADD VALUE 'suspended';--> statement-breakpoint
CREATE TABLE "invitation_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"invitation_id" uuid NOT NULL,
	"state" "delivery_state" NOT NULL,
	"detail" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reserved_tags" (
	"tenant_id" uuid NOT NULL,
	"tag" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reserved_tags_tenant_id_tag_pk" PRIMARY KEY("tenant_id","tag"),
	CONSTRAINT "reserved_tags_tag_check" CHECK ("reserved_tags"."tag" ~ '^[A-Z][A-Z0-9_]{0,31}$')
);
--> statement-breakpoint
ALTER TABLE "accounts" DROP CONSTRAINT "accounts_invited_check";--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "automatic" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "single_use" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "single_use_invitations" boolean;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "reminder_days_before_expiry" integer;--> statement-breakpoint
ALTER TABLE "invitation_events" ADD CONSTRAINT "invitation_events_invitation_id_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."invitations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reserved_tags" ADD CONSTRAINT "reserved_tags_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invitation_events_invitation_idx" ON "invitation_events" USING btree ("invitation_id","id");--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_invited_check" CHECK ("accounts"."status" not in ('invited', 'active') or ("accounts"."invited_at" is not null and "accounts"."invitation_expires_at" is not null));--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_reminder_days_check" CHECK ("organizations"."reminder_days_before_expiry" between 1 and 364);