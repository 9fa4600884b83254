/**
 * Name resolution, done by the bridge rather than inside `net.connect` so it can be timed and reported as its
 * own stage, and so every address can be tried in turn as libpq does with getaddrinfo's list (Node's own
 * happy-eyeballs would race them and fail with an AggregateError instead).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { abortable } from './abort.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** All addresses for `host`, in the resolver's order (`verbatim`: the order getaddrinfo gives, as libpq uses it). */
export async function resolveHost(host: string, signal: AbortSignal): Promise<ResolvedAddress[]> {
  const literal = isIP(host);
  if (literal !== 0) return [{ address: host, family: literal === 6 ? 6 : 4 }];
  // getaddrinfo cannot be cancelled; abandoning the lookup is the best we can do, and it is harmless.
  const answers = await abortable(lookup(host, { all: true, verbatim: true }), signal);
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}
