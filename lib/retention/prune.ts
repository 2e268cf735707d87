import 'server-only';
import { inArray, lt, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { SPENT_LINK_KEPT_DAYS } from '../auth/link-lifetimes';
import { getConfig } from '../config/env';
import { withDatabase } from '../db/client';
import { emailLinks, passwordResetTokens, securityEvents } from '../db/schema';

/**
 * Retention: security events older than EVENT_RETENTION, and reset and email links a week after
 * their lifetime ended (SPENT_LINK_KEPT_DAYS: until then the pages can say a link was used or has
 * expired; afterwards it can never work again, and each names an account), are deleted. In bounded batches:
 * one statement deletes at most PRUNE_BATCH_ROWS rows of a table, and one run makes at most
 * PRUNE_BATCHES_PER_RUN statements per table, so a run never holds locks or a connection for long
 * however much has piled up; the next run goes on where it stopped. Second-factor steps and
 * passkey challenges need nothing: the token store expires them.
 */

export const PRUNE_BATCH_ROWS = 1_000;
export const PRUNE_BATCHES_PER_RUN = 5;

export interface PruneResult {
  events: number;
  resetLinks: number;
  emailLinks: number;
  /** False when a table had more to prune than one run deletes: the next run continues. */
  finished: boolean;
}

/** Deletes up to the run's bound of rows matching `condition`, one batch per statement. */
async function pruneTable(table: PgTable, id: PgColumn, condition: SQL | undefined): Promise<{ deleted: number; finished: boolean }> {
  let deleted = 0;
  for (let batch = 0; batch < PRUNE_BATCHES_PER_RUN; batch++) {
    const rows = await withDatabase((db) =>
      db
        .delete(table)
        .where(inArray(id, db.select({ id }).from(table).where(condition).limit(PRUNE_BATCH_ROWS)))
        .returning({ id }),
    );
    deleted += rows.length;
    if (rows.length < PRUNE_BATCH_ROWS) return { deleted, finished: true };
  }
  return { deleted, finished: false };
}

export async function pruneExpired(now = new Date()): Promise<PruneResult> {
  const cutoff = new Date(now.getTime() - getConfig().eventRetentionSeconds * 1000);
  const events = await pruneTable(securityEvents, securityEvents.id, lt(securityEvents.createdAt, cutoff));
  const linksEndedBefore = new Date(now.getTime() - SPENT_LINK_KEPT_DAYS * 24 * 3600 * 1000);
  const resetLinks = await pruneTable(passwordResetTokens, passwordResetTokens.id, lt(passwordResetTokens.expiresAt, linksEndedBefore));
  const links = await pruneTable(emailLinks, emailLinks.id, lt(emailLinks.expiresAt, linksEndedBefore));
  const result = {
    events: events.deleted,
    resetLinks: resetLinks.deleted,
    emailLinks: links.deleted,
    finished: events.finished && resetLinks.finished && links.finished,
  };
  if (result.events + result.resetLinks + result.emailLinks > 0) {
    console.log(`[retention] pruned ${result.events} security events, ${result.resetLinks} reset links, ${result.emailLinks} email links${result.finished ? '' : ' (more next run)'}`);
  }
  return result;
}
