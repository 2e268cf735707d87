import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { hashPassword } from '../lib/auth/password';
import type { Role } from '../lib/auth/roles';
import { getConfig } from '../lib/config/env';
import { withDatabase } from '../lib/db/client';
import { employees, projects, tasks, users } from '../lib/db/schema';
import { canonicalEmail } from '../lib/validation/email';
import type { TaskStatus } from '../lib/validation/task-statuses';
import { runCli } from './cli';

/**
 * Demo data for development: an admin, an editor and a user, each with sample projects and tasks,
 * and a small employee directory. Passwords are random and printed once; running it again gives
 * the demo accounts new passwords and adds nothing twice.
 */

const DEMO_USERS: { email: string; firstName: string; lastName: string; role: Role }[] = [
  { email: 'admin@example.com', firstName: 'Ada', lastName: 'Admin', role: 'admin' },
  { email: 'editor@example.com', firstName: 'Eddie', lastName: 'Editor', role: 'editor' },
  { email: 'user@example.com', firstName: 'Uma', lastName: 'User', role: 'user' },
];

const SAMPLE_PROJECTS: { name: string; description: string; tasks: [string, TaskStatus][] }[] = [
  {
    name: 'Website relaunch',
    description: 'New landing page and pricing, shipped before the spring campaign.',
    tasks: [
      ['Write the pricing copy', 'done'],
      ['Design the hero section', 'in_progress'],
      ['Set up redirects from the old URLs', 'todo'],
    ],
  },
  {
    name: 'Quarterly report',
    description: '',
    tasks: [
      ['Collect the numbers', 'in_progress'],
      ['Draft the summary', 'todo'],
    ],
  },
];

const SAMPLE_EMPLOYEES = [
  { firstName: 'Grace', lastName: 'Hopper', email: 'grace.hopper@example.com', title: 'Staff engineer' },
  { firstName: 'Alan', lastName: 'Turing', email: 'alan.turing@example.com', title: 'Researcher' },
  { firstName: 'Katherine', lastName: 'Johnson', email: 'katherine.johnson@example.com', title: 'Analyst' },
  { firstName: 'Linus', lastName: 'Pauling', email: null, title: null },
];

/**
 * The time the `position`-th sample row of a list is stamped with, so the list shows the samples in
 * the order written above. Rows inserted together would all get the transaction's one `now()`,
 * and lists break such ties by random id: the demo (and the README's screenshots) showed them in a
 * different order on every seed.
 */
function listedAt(base: Date, position: number, order: 'newest first' | 'oldest first'): Date {
  return new Date(base.getTime() + (order === 'newest first' ? -position : position) * 1000);
}

await runCli(async () => {
  const config = getConfig();
  const now = new Date();
  if (config.production) throw new Error('refusing to seed demo accounts with NODE_ENV=production');

  const logins: { email: string; role: Role; password: string }[] = [];
  for (const demo of DEMO_USERS) {
    const password = `demo-${randomBytes(12).toString('base64url')}`;
    const passwordHash = await hashPassword(password, config.bcryptCost);
    await withDatabase((db) =>
      db.transaction(async (tx) => {
        // Verified: nobody reads example.com's mail, and a demo login must work under
        // EMAIL_VERIFICATION=required too.
        const [user] = await tx
          .insert(users)
          .values({ ...demo, emailCanonical: canonicalEmail(demo.email), passwordHash, emailVerifiedAt: now })
          .onConflictDoUpdate({ target: users.email, set: { passwordHash, role: demo.role, emailVerifiedAt: now, passwordChangedAt: now, updatedAt: now } })
          .returning();
        const owned = await tx.select({ id: projects.id }).from(projects).where(eq(projects.ownerId, user!.id)).limit(1);
        if (owned.length > 0) return;
        for (const [index, sample] of SAMPLE_PROJECTS.entries()) {
          const createdAt = listedAt(now, index, 'newest first');
          const [project] = await tx.insert(projects).values({ ownerId: user!.id, name: sample.name, description: sample.description, createdAt, updatedAt: createdAt }).returning();
          await tx.insert(tasks).values(
            sample.tasks.map(([title, status], position) => {
              const taskCreatedAt = listedAt(createdAt, position, 'oldest first');
              return { projectId: project!.id, title, status, createdAt: taskCreatedAt, updatedAt: taskCreatedAt };
            }),
          );
        }
      }),
    );
    logins.push({ email: demo.email, role: demo.role, password });
  }

  const [admin] = await withDatabase((db) => db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_USERS[0]!.email)));
  await withDatabase((db) =>
    db
      .insert(employees)
      .values(
        SAMPLE_EMPLOYEES.map((employee, index) => {
          const createdAt = listedAt(now, index, 'newest first');
          return { ...employee, createdBy: admin!.id, createdAt, updatedAt: createdAt };
        }),
      )
      .onConflictDoNothing(),
  );

  console.log('Demo accounts (passwords are new on every run):\n');
  for (const login of logins) console.log(`  ${login.role.padEnd(6)}  ${login.email.padEnd(20)}  ${login.password}`);
  console.log('\nSample projects and employees are in place. Sign in at /login.');
});
