import { createContext } from '@lit/context';
import type { BridgeService } from '../client/bridge-client.js';

/**
 * The bridge client, provided once near the root (`new ContextProvider(document.body, {context: bridgeContext,
 * initialValue: client})`) and consumed by every pgconnect element below it. `Symbol.for` lets separately
 * bundled copies of the components find the same provider.
 */
export const bridgeContext = createContext<BridgeService | undefined>(Symbol.for('pgconnect.bridge'));
