import { ContextProvider, ContextRoot, createContext } from '@lit/context';
import type { BridgeService } from '../client/bridge-client.js';

/**
 * The bridge client, provided once near the root (`new ContextProvider(document.body, {context: bridgeContext,
 * initialValue: client})`) and consumed by every pgconnect element below it. `Symbol.for` lets separately
 * bundled copies of the components find the same provider.
 */
export const bridgeContext = createContext<BridgeService | undefined>(Symbol.for('pgconnect.bridge'));

/**
 * "One tag in the markup" must work: an element already in the HTML asks for the client as soon as it
 * upgrades, usually before the page has created its provider. A ContextRoot keeps such unanswered requests and
 * replays them when a provider appears. One per document, even with several copies of this module loaded.
 */
const ROOT = Symbol.for('pgconnect.contextRoot');
const registry = globalThis as { [ROOT]?: ContextRoot };
if (typeof document !== 'undefined' && !registry[ROOT]) {
  registry[ROOT] = new ContextRoot();
  registry[ROOT].attach(document.documentElement);
}

/**
 * Provides `client` to every pgconnect element inside `host` (usually `document.body`), including elements that
 * were already in the markup and asked before the provider existed.
 */
export function provideBridge(host: HTMLElement, client: BridgeService): ContextProvider<typeof bridgeContext> {
  const provider = new ContextProvider(host, { context: bridgeContext, initialValue: client });
  // A Lit host connects its controllers itself; any other element needs the announcement made by hand, and it
  // is what lets the ContextRoot replay the requests that came too early.
  if (!('addController' in host)) provider.hostConnected();
  return provider;
}
