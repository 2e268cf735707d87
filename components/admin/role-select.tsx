'use client';

import { useState } from 'react';
import type { AdminUser } from '@/lib/admin/users';
import { ROLES, type Role } from '@/lib/auth/roles';
import { sendJson } from '@/lib/client/api';
import { errorMessage } from '@/lib/client/problem-message';
import { ActionMessage, type ActionResult } from '../ui/action-message';
import { ROLE_LABELS } from './role-labels';

/** Changes a user's role as soon as another is picked; a refusal (such as the last admin) puts the old one back. */
export function RoleSelect({ user, onSaved }: { user: AdminUser; onSaved: (user: AdminUser) => void }) {
  // The role being saved: shown at once, and while set, further changes wait (the select stays
  // focusable, which a disabled one would not).
  const [pending, setPending] = useState<Role | null>(null);
  const [result, setResult] = useState<ActionResult>(null);

  async function change(role: Role) {
    if (pending) return;
    setPending(role);
    setResult(null);
    try {
      const body = await sendJson<{ user: AdminUser }>('PATCH', `/api/admin/users/${user.id}`, { role });
      onSaved(body.user);
      setResult({ ok: true, text: `Now ${ROLE_LABELS[body.user.role]}. Applies at their next token refresh.` });
    } catch (caught) {
      setResult({ ok: false, text: errorMessage(caught) });
    } finally {
      setPending(null);
    }
  }

  return (
    <div>
      <select
        aria-label={`Role for ${user.email}`}
        aria-busy={pending !== null}
        value={pending ?? user.role}
        onChange={(event) => change(event.target.value as Role)}
        className="rounded-md border border-control-line bg-surface px-2 py-1.5 text-sm text-fg shadow-sm focus:border-accent focus:ring-2 focus:ring-focus-ring focus:outline-none"
      >
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {ROLE_LABELS[role]}
          </option>
        ))}
      </select>
      <ActionMessage result={result} />
    </div>
  );
}
