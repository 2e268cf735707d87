import { cpuProfileRoute } from '@/lib/bench/routes';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = cpuProfileRoute;
