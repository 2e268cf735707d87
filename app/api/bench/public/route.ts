import { publicRoute } from '@/lib/bench/routes';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = publicRoute;
