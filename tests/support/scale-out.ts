import { startApp, testSecrets, type AppServer } from './app-server';
import { startRealServices } from './real-services';

export interface ScaledOut {
  instances: AppServer[];
  stop(): Promise<void>;
}

/**
 * `count` instances of `next start`, each on its own port, as a load balancer would spread them:
 * the same secrets, one PostgreSQL and one Redis (behind one Upstash REST endpoint) for all. The
 * REST endpoint runs in its own process, as a hosted one would, so a test driving load at the
 * instances does not slow their store calls down.
 */
export async function startScaledOut(count: number, env: Record<string, string> = {}): Promise<ScaledOut> {
  const services = await startRealServices({ restProcess: true });
  const shared = { ...testSecrets(), ...services.env, ...env };
  const instances: AppServer[] = [];
  const stop = async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await services.stop();
  };
  try {
    // One after the other: starting is CPU-bound, and on a busy 2-core machine two at once can
    // each miss startApp's deadline.
    for (let i = 0; i < count; i++) instances.push(await startApp(shared));
  } catch (error) {
    await stop();
    throw error;
  }
  return { instances, stop };
}
