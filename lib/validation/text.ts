import * as z from './zod';
import { hasLoneSurrogate } from './email';
import { characterCount } from './lengths';

const SINGLE_LINE_FORBIDDEN = /[\p{Cc}\p{Cf}]/u;
// Line breaks and tabs are part of a description; every other control or format character is not.
const MULTI_LINE_FORBIDDEN = /[\p{Cf}\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

interface TextOptions {
  max: number;
  multiline?: boolean;
}

/** The part of a refinement's context the checks use, whatever the field's own type. */
interface IssueSink {
  addIssue(issue: { code: 'custom'; message: string }): void;
}

function checkText(value: string, label: string, options: TextOptions, ctx: IssueSink) {
  if (characterCount(value) > options.max) {
    ctx.addIssue({ code: 'custom', message: `${label} must be at most ${options.max} characters` });
  } else if ((options.multiline ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN).test(value) || hasLoneSurrogate(value)) {
    ctx.addIssue({ code: 'custom', message: `${label} contains characters that are not allowed` });
  }
}

const normalize = (value: string) => value.trim().normalize('NFC');

/** A required text field: trimmed, NFC, not empty, bounded, no control characters. */
export const requiredText = (label: string, options: TextOptions) =>
  z.string({ error: `${label} is required` }).check(
    z.overwrite(normalize),
    z.superRefine((value, ctx) => {
      if (value.length === 0) ctx.addIssue({ code: 'custom', message: `${label} is required` });
      else checkText(value, label, options, ctx);
    }),
  );

/** An optional text field: absent, null and blank all mean "none" (null). */
export const optionalText = (label: string, options: TextOptions) =>
  z
    .pipe(
      z.nullish(z.string({ error: `${label} must be text` })),
      z.transform((value: string | null | undefined) => (value == null ? null : normalize(value)) || null),
    )
    .check(
      z.superRefine((value, ctx) => {
        if (value !== null) checkText(value, label, options, ctx);
      }),
    );
