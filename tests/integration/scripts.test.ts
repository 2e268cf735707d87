import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { decodeJwt } from 'jose';
import { accessKeyRing } from '../../lib/auth/keys';
import { parseConfig } from '../../lib/config/env';
import { startApp } from '../support/app-server';
import { accessTokenOf, bodyOf, employeesBody, projectsBody, tasksBody, userOf } from '../support/bodies';
import { call } from '../support/client';
import { newSecret } from '../support/signing-keys';

const ROOT = resolve(import.meta.dirname, '../..');
const dataDir = await mkdtemp(join(tmpdir(), 'auth-scripts-'));
after(() => rm(dataDir, { recursive: true, force: true }));

/** Runs an npm script's command the way `npm run` would, on the embedded database in `dataDir`. */
function run(script: string, args: string[] = []): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), '--conditions=react-server', script, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'development', DATA_DIR: dataDir, BCRYPT_COST: '10' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => done({ code, output }));
  });
}

test('db:seed creates working demo logins and sample data; user:role changes roles, never the last admin, never beside a running server [embedded]', async () => {
  const seeded = await run('scripts/seed.ts');
  assert.equal(seeded.code, 0, seeded.output);
  const logins = Object.fromEntries([...seeded.output.matchAll(/^\s+(admin|editor|user)\s+(\S+@example\.com)\s+(\S+)$/gm)].map((m) => [m[1], { email: m[2]!, password: m[3]! }]));
  assert.deepEqual(Object.keys(logins).sort(), ['admin', 'editor', 'user']);

  const promoted = await run('scripts/user-role.ts', ['USER@example.com', 'editor']);
  assert.equal(promoted.code, 0, promoted.output);
  assert.match(promoted.output, /user@example\.com is now editor \(was user\)/);
  const lastAdmin = await run('scripts/user-role.ts', ['admin@example.com', 'user']);
  assert.equal(lastAdmin.code, 1);
  assert.match(lastAdmin.output, /error: At least one admin must remain/);
  const usage = await run('scripts/user-role.ts', ['admin@example.com', 'root']);
  assert.equal(usage.code, 1);
  assert.match(usage.output, /usage: npm run user:role -- <email> <user\|editor\|admin>/);

  // Seeded accounts are verified: they sign in where verification is required too.
  const app = await startApp({ DATA_DIR: dataDir, EMAIL_VERIFICATION: 'required' });
  try {
    const locked = await run('scripts/user-role.ts', ['user@example.com', 'user']);
    assert.equal(locked.code, 1, 'refused while the server holds the embedded database');
    assert.match(locked.output, /is in use by process \d+/);

    const roles: Record<string, string> = {};
    const tokens: Record<string, string> = {};
    for (const [name, login] of Object.entries(logins)) {
      const res = await call(app, 'POST', '/api/auth/login', { json: login });
      assert.equal(res.status, 200, `${name} logs in with the printed password`);
      assert.equal(userOf(res).emailVerified, true, `${name}'s address counts as verified`);
      tokens[name] = accessTokenOf(res);
      roles[name] = decodeJwt(tokens[name]).role as string;
      const projects = bodyOf(await call(app, 'GET', '/api/projects', { token: tokens[name] }), projectsBody).projects;
      // In the order the demo was written, on every seed: newest first, as the dashboard lists them.
      assert.deepEqual(projects.map((project) => project.name), ['Website relaunch', 'Quarterly report']);
      const tasks = await call(app, 'GET', `/api/projects/${projects[0]!.id}/tasks`, { token: tokens[name] });
      assert.deepEqual(
        bodyOf(tasks, tasksBody).tasks.map((task) => task.title),
        ['Write the pricing copy', 'Design the hero section', 'Set up redirects from the old URLs'],
      );
    }
    const employees = await call(app, 'GET', '/api/employees', { token: tokens.admin });
    assert.deepEqual(
      bodyOf(employees, employeesBody).employees.map((employee) => employee.lastName),
      ['Hopper', 'Turing', 'Johnson', 'Pauling'],
    );
    assert.deepEqual(roles, { admin: 'admin', editor: 'editor', user: 'editor' });
  } finally {
    await app.stop();
  }

  const again = await run('scripts/seed.ts');
  assert.equal(again.code, 0, 'seeding twice is fine');
  const reapp = await startApp({ DATA_DIR: dataDir });
  try {
    const newAdmin = /^\s+admin\s+(\S+)\s+(\S+)$/m.exec(again.output)!;
    const res = await call(reapp, 'POST', '/api/auth/login', { json: { email: newAdmin[1], password: newAdmin[2] } });
    assert.equal(res.status, 200, 'new passwords printed on every run');
    const projects = await call(reapp, 'GET', '/api/projects', { token: accessTokenOf(res) });
    assert.equal(bodyOf(projects, projectsBody).projects.length, 2, 'no duplicate sample data');
  } finally {
    await reapp.stop();
  }
});

/** Runs keys:generate's command with stdout and stderr apart: the key alone goes to stdout. */
function generateKey(kind: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), '--conditions=react-server', 'scripts/keys-generate.ts', kind], {
      cwd: ROOT,
      // Needs no configuration: it runs wherever the keys are made, production included.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
}

test('keys:generate prints a new secret or Ed25519 private JWK that the configuration accepts, and where it goes', async () => {
  const [one, two] = [await generateKey('secret'), await generateKey('secret')];
  assert.equal(one.code, 0, one.stderr);
  const secret = one.stdout.trim();
  assert.equal(one.stdout, `${secret}\n`, 'the key alone on stdout');
  assert.notEqual(secret, two.stdout.trim(), 'a new one every time');
  assert.match(one.stderr, /JWT_SECRET or REFRESH_TOKEN_SECRET/);
  assert.equal(one.stderr.trim().split('\n').length, 1, 'a one-line hint');
  const config = parseConfig({ JWT_SECRET: `${secret},${two.stdout.trim()}`, REFRESH_TOKEN_SECRET: newSecret() });
  assert.deepEqual(config.signingKeys.access, { alg: 'HS256', secrets: [secret, two.stdout.trim()] });

  const ed = await generateKey('ed25519');
  assert.equal(ed.code, 0, ed.stderr);
  const jwk = JSON.parse(ed.stdout);
  assert.deepEqual(Object.keys(jwk).sort(), ['crv', 'd', 'kty', 'x']);
  const withIt = parseConfig({ REFRESH_TOKEN_SECRET: newSecret(), JWT_PRIVATE_KEYS: `[${ed.stdout.trim()}]` });
  const ring = await accessKeyRing(withIt.signingKeys.access);
  assert.equal(ring.alg, 'EdDSA');
  assert.match(ed.stderr, new RegExp(`JWT_PRIVATE_KEYS .* kid ${ring.signing.kid}`), 'the hint names where it goes and its kid');
  assert.ok(!ed.stderr.includes(jwk.d), 'the hint never repeats the private key');

  const wrong = await generateKey('rsa');
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /usage: npm run keys:generate -- <secret\|ed25519>/);
});
