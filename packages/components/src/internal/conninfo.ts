/**
 * Connection-string parsing and formatting, kept in their own module so the dialog can load them on demand
 * (the parsers are the largest part of core the page uses).
 *
 * `parseConnectionString` and `formatConnectionString` are not exported from core's entry point yet; until they
 * are, they are taken from their modules.
 */
export { parseConnectionString } from '@pgconnect/core/conninfo/detect.js';
export { formatConnectionString } from '@pgconnect/core/conninfo/format.js';
