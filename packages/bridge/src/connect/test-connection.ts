/**
 * Test Connection: the connect engine with its stages streamed as they happen (DNS → TCP, or through a tunnel
 * its SSH hops → TLS → authentication → ready), ending either in an open client — which the caller hands on for server facts and
 * privileges (`inspect/`) and then closes — or in one stable error code with its hint.
 */
import type pg from 'pg';
import type { BridgeError, ConnectionProfile, ErrorPayload, Secrets, StageReport } from '@pgconnect/core';
import { Logger } from '../log/logger.js';
import { connectRecorded } from './connect.js';
import { StageRecorder } from './stages.js';
import type { ConnectOptions, Endpoint } from './types.js';

export type TestConnectionOptions = ConnectOptions;

export type TestConnectionOutcome =
  | {
      ok: true;
      /** Open and ready; the caller runs its fact and privilege queries on it and must `end()` it. */
      client: pg.Client;
      endpoint: Endpoint;
      stages: StageReport[];
      warnings: string[];
    }
  | {
      ok: false;
      /** What ended the test; its `message` and `hint` come from the error table. */
      error: ErrorPayload;
      stages: StageReport[];
    };

export async function testConnection(profile: ConnectionProfile, secrets: Secrets = {}, options: TestConnectionOptions = {}): Promise<TestConnectionOutcome> {
  const logger = options.logger ?? new Logger();
  const stages = new StageRecorder(options.onStage, (t) => logger.redactor.text(t));
  try {
    const { client, endpoint, warnings } = await connectRecorded(profile, secrets, { ...options, logger }, stages);
    return { ok: true, client, endpoint, stages: stages.reports, warnings };
  } catch (error) {
    return { ok: false, error: redactedPayload(error as BridgeError, logger), stages: stages.reports };
  }
}

/** The wire form of the error, with every string run through the redactor once more. */
function redactedPayload(error: BridgeError, logger: Logger): ErrorPayload {
  return logger.redactor.value(error.toJSON()) as ErrorPayload;
}
