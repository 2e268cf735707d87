const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every id in the API is a UUID. Anything else is answered as "not found" before it reaches
 * PostgreSQL, whose uuid cast would otherwise fail the query (a 500 instead of a 404).
 */
export const isUuid = (value: string | undefined): value is string => value !== undefined && UUID.test(value);
