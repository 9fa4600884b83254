/**
 * The first exchange on a new socket (DESIGN §6). The client sends a fresh nonce; the bridge answers with
 * `proof = base64url(HMAC-SHA256(token, nonce))`. Only a bridge that holds the token can answer, so the
 * page checks the proof before it sends any secret (security.md T4, port squatting).
 *
 * `hello` carries no id: there is exactly one per session, and it comes before any request.
 */
import * as z from 'zod/mini';
import { base64url, text } from './common.js';

/**
 * Features a bridge may offer. The page hides what is missing (server mode drops `filePaths`, `awsProfiles`
 * and `keychain`, for example). The schema accepts names this list does not know yet, so a newer bridge
 * does not break an older page.
 */
export const CAPABILITIES = [
  'filePaths', // certificate and key paths, passfile and service (local mode)
  'ssh',
  'awsIam',
  'awsProfiles', // listing ~/.aws profiles
  'entra',
  'azureBrowse',
  'keychain', // secrets persist across restarts
  'workspaceScope',
  'envVar',
  'query',
  'importExport',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** ≥128 bits of randomness as base64url; the upper bound only keeps the frame small. */
const Nonce = base64url(22, 128);

export const hello = z.strictObject({
  type: z.literal('hello'),
  /** Any positive version parses, so the bridge can answer `PROTOCOL_UNSUPPORTED_VERSION` instead of "invalid". */
  v: z.int().check(z.minimum(1)),
  nonce: Nonce,
});

export const helloResult = z.strictObject({
  type: z.literal('hello.result'),
  v: z.int().check(z.minimum(1)),
  /** HMAC-SHA256 is 32 bytes: 43 base64url characters without padding. */
  proof: base64url(43, 43),
  bridgeVersion: text(64),
  capabilities: z.array(z.string().check(z.regex(/^[a-zA-Z][a-zA-Z0-9]{0,63}$/))).check(z.maxLength(64)),
  /** `local`: bound to loopback for the user who runs it. `server`: shared, with the restrictions of DESIGN §4. */
  mode: z.enum(['local', 'server']),
});
