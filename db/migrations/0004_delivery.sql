CREATE TYPE "public"."outbox_batch_status" AS ENUM('sending', 'sent', 'failed');--> statement-breakpoint
CREATE TABLE "dev_mailbox_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" "channel" NOT NULL,
	"recipient" text NOT NULL,
	"subject" text,
	"html" text,
	"text" text NOT NULL,
	"outbox_message_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" "channel" NOT NULL,
	"status" "outbox_batch_status" DEFAULT 'sending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "batch_id" uuid;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "solo" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "dev_mailbox_messages_recipient_idx" ON "dev_mailbox_messages" USING btree (lower("recipient"),"id");--> statement-breakpoint
CREATE INDEX "outbox_batches_due_idx" ON "outbox_batches" USING btree ("next_attempt_at") WHERE "outbox_batches"."status" = 'sending';--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_batch_id_outbox_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."outbox_batches"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_messages_batch_idx" ON "outbox_messages" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "outbox_messages_provider_message_idx" ON "outbox_messages" USING btree ("provider_message_id");