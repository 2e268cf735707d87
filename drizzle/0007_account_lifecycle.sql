ALTER TYPE "public"."security_event_type" ADD VALUE 'account_exported';--> statement-breakpoint
ALTER TYPE "public"."security_event_type" ADD VALUE 'account_disabled';--> statement-breakpoint
ALTER TYPE "public"."security_event_type" ADD VALUE 'account_enabled';--> statement-breakpoint
ALTER TYPE "public"."security_event_type" ADD VALUE 'account_deleted';--> statement-breakpoint
ALTER TABLE "security_events" DROP CONSTRAINT "security_events_user_id_users_id_fk";
--> statement-breakpoint
DROP INDEX "projects_owner_created_idx";--> statement-breakpoint
DROP INDEX "security_events_user_created_idx";--> statement-breakpoint
DROP INDEX "security_events_created_idx";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "disabled_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "employees_page_idx" ON "employees" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "projects_owner_page_idx" ON "projects" USING btree ("owner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "security_events_user_page_idx" ON "security_events" USING btree ("user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "security_events_page_idx" ON "security_events" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "users_page_idx" ON "users" USING btree ("created_at","id");