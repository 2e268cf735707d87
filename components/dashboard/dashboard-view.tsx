'use client';

import { useAuth } from '@/lib/client/auth-context';
import { longEnglishDate } from '@/lib/client/english-date';
import { ProjectsSection } from '../projects/projects-section';
import { DashboardMain } from './dashboard-main';

/**
 * The signed-in home: the person's projects first, then who they are signed in as. How the
 * session works (the access token in memory, a check against the server) is for the token
 * inspector on the account page, not for someone who came to plan their work.
 */
export function DashboardView() {
  const { user } = useAuth();
  if (!user) return null;

  return (
    <DashboardMain heading={<h1>Hello, {user.firstName}</h1>}>
      <ProjectsSection />

      <section aria-labelledby="profile-heading" className="mt-6 rounded-xl border border-line bg-surface p-6 shadow-sm">
        <h2 id="profile-heading">
          Your account
        </h2>
        <dl className="mt-4 grid gap-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-fg-subtle">Name</dt>
            <dd className="text-fg">
              {user.firstName} {user.lastName}
            </dd>
          </div>
          <div>
            <dt className="text-fg-subtle">Email</dt>
            <dd className="text-fg">{user.email}</dd>
          </div>
          <div>
            <dt className="text-fg-subtle">Role</dt>
            <dd className="text-fg">{user.role}</dd>
          </div>
          <div>
            <dt className="text-fg-subtle">Member since</dt>
            <dd className="text-fg">{longEnglishDate(new Date(user.createdAt))}</dd>
          </div>
        </dl>
      </section>
    </DashboardMain>
  );
}
