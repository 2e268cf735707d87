import { eventLoopRoute } from '@/lib/bench/routes';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = eventLoopRoute;
