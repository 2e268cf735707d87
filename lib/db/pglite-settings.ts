// PostgreSQL's 128 MB of shared buffers by default live in PGlite's WebAssembly memory, inside the
// process that opens it: an embedded database of a few megabytes needs a fraction of them. 16 MB
// took a server's resident memory after 1,000 requests from about 505 to 378 MB (decision 012);
// less saved nothing more. It opens faster too: 0.65-0.75 s against 1.1-1.35 s, measured alone.
/** What every PGlite of this app starts with, after PGlite's own start parameters. */
export const PGLITE_START_PARAMS: readonly string[] = ['-c', 'shared_buffers=16MB'];

/**
 * V8's flags for the process that opens PGlite, set before its WebAssembly compiles: its
 * functions stay on the baseline compiler (Liftoff) instead of being recompiled by the optimizing
 * one (TurboFan) once hot. That recompilation was a second of processor time on V8's helper
 * threads at every start and about 30 MB of resident memory for the server's life, for no
 * measurable gain: a query's time here is the protocol and the thread hop around PostgreSQL's
 * own work (decision 039). Process-wide, as V8's flags are; nothing else here is WebAssembly.
 */
export const PGLITE_V8_FLAGS = '--liftoff-only';
