DROP INDEX "accounts_organization_idx";--> statement-breakpoint
CREATE INDEX "accounts_organization_idx" ON "accounts" USING btree ("organization_id","status","invitation_expires_at");