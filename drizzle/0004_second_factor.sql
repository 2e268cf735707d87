ALTER TYPE "public"."security_event_type" ADD VALUE 'mfa_enabled';--> statement-breakpoint
ALTER TYPE "public"."security_event_type" ADD VALUE 'mfa_disabled';--> statement-breakpoint
ALTER TYPE "public"."security_event_type" ADD VALUE 'recovery_codes_regenerated';--> statement-breakpoint
ALTER TYPE "public"."security_event_type" ADD VALUE 'recovery_code_used';--> statement-breakpoint
ALTER TYPE "public"."security_event_type" ADD VALUE 'mfa_failed';--> statement-breakpoint
ALTER TYPE "public"."security_event_type" ADD VALUE 'reauthenticated';--> statement-breakpoint
ALTER TYPE "public"."security_event_type" ADD VALUE 'reauth_failed';--> statement-breakpoint
CREATE TABLE "recovery_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recovery_codes_code_hash_unique" UNIQUE("code_hash")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_secret_sealed" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_enabled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_last_step" bigint;--> statement-breakpoint
ALTER TABLE "recovery_codes" ADD CONSTRAINT "recovery_codes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recovery_codes_user_idx" ON "recovery_codes" USING btree ("user_id");