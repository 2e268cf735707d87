import * as z from './zod';

/** What a person may type to confirm that their account should go: their address, or this phrase. */
export const DELETE_PHRASE = 'delete my account';

const typed = (value: string) => value.trim().normalize('NFC').toLowerCase();
const confirmationMessage = `Type your email address, or “${DELETE_PHRASE}”, to confirm`;

/**
 * The account page's typed confirmation before `DELETE /api/auth/account`. The API needs no body
 * (recent authentication guards it); this only keeps a stray click from deleting an account.
 */
export const deletionConfirmationSchema = (email: string) =>
  z.object({
    confirmation: z.string({ error: confirmationMessage }).check(z.refine((value) => [email.toLowerCase(), DELETE_PHRASE].includes(typed(value)), { error: confirmationMessage })),
  });
