ALTER TABLE "users" ADD COLUMN "email_canonical" text;--> statement-breakpoint
-- An ASCII address is already its own canonical form (stored lower-cased; NFKC changes no ASCII).
-- The others are settled in TypeScript right after the migrations (lib/db/canonical-emails.ts):
-- SQL's lower() depends on the database's collation and cannot repeat JavaScript's case folding.
UPDATE "users" SET "email_canonical" = "email" WHERE "email" !~ '[^ -~]';--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_email_canonical_unique" UNIQUE("email_canonical");
