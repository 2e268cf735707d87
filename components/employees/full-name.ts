import type { Employee } from '@/lib/resources/shapes';

export const fullName = (employee: Pick<Employee, 'firstName' | 'lastName'>) => `${employee.firstName} ${employee.lastName}`;
