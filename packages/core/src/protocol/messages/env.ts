/**
 * Neosync's environment-variable mode: a profile may name a `USER_DEFINED_*` variable that holds a
 * connection URL. The page can ask whether it is usable; the value never leaves the bridge.
 */
import * as z from 'zod/mini';
import { EnvVarName, op } from './common.js';

/** A name without the prefix fails with `ENV_NOT_ALLOWED`, so the check cannot probe other variables. */
export const envCheck = op('env.check', { name: EnvVarName }, {
  defined: z.boolean(),
  /** The value parses as a connection string. */
  parses: z.boolean(),
});
