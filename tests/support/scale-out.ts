import { startApp, testSecrets, type AppServer } from './app-server';
import { useRealServices } from './real-services';

export interface ScaledOut {
  instances: AppServer[];
  stop(): Promise<void>;
}

/**
 * `count` instances of `next start`, each on its own port, as a load balancer would spread them:
 * the same secrets, one PostgreSQL and one Redis (behind one Upstash REST endpoint) for all.
 */
export async function startScaledOut(count: number, env: Record<string, string> = {}): Promise<ScaledOut> {
  const services = await useRealServices();
  const shared = { ...testSecrets(), ...services.env, ...env };
  const started = await Promise.allSettled(Array.from({ length: count }, () => startApp(shared)));
  const instances = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const stop = async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await services.stop();
  };
  const failed = started.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return { instances, stop };
}
