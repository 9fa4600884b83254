/**
 * `connection.test` and `connection.test.cancel`. The engine's stages (dns → tcp → tls → auth → ready) are
 * pushed as `event.test.stage` while they happen; then, on the open client, the server facts and — when asked —
 * the effective privileges (`inspect/`). A test that fails is still a result, with the stages up to the failure:
 * that is what the user needs to see. Only a request the bridge cannot run at all gets an `error` frame.
 */
import { BridgeError, type ErrorPayload, type RequestOf, type ResultPayload, type StageReport } from '@pgconnect/core';
import type pg from 'pg';
import { abortWith } from '../../connect/abort.js';
import { StageRecorder } from '../../connect/stages.js';
import { translateError } from '../../errors/translate.js';
import { readPrivileges } from '../../inspect/privileges.js';
import { readServerFacts, toServerFacts, toServerReport, type ServerFactsDetail } from '../../inspect/server-facts.js';
import { testWithPlan } from '../connect-plan.js';
import type { SessionScope } from '../context.js';
import { resolveTarget } from '../target.js';
import { wireError } from '../wire.js';

type TestReport = ResultPayload<'connection.test'>;

export async function testConnectionOp(scope: SessionScope, msg: RequestOf<'connection.test'>): Promise<TestReport> {
  const { testId } = msg;
  if (scope.tests.has(testId)) {
    throw new BridgeError('PROTOCOL_INVALID_MESSAGE', { message: `A test with id ${testId} is already running.`, data: { field: 'testId' } });
  }
  const release = scope.claimConnectSlot();
  // Cancelled by connection.test.cancel, or with the session.
  const controller = new AbortController();
  const unfollow = abortWith(controller, scope.signal);
  const signal = controller.signal;
  scope.tests.set(testId, controller);
  try {
    const target = await resolveTarget(scope.bridge, msg.profile, msg.secrets);
    const onStage = (report: StageReport) => scope.push({ type: 'event.test.stage', testId, ...report });
    const outcome = await testWithPlan(scope, msg.id, target, {
      signal,
      logger: scope.logger.child({ testId }),
      onStage,
      homeDir: scope.bridge.homeDir,
      ...(scope.bridge.targetPolicy === undefined ? {} : { targetPolicy: scope.bridge.targetPolicy }),
    });
    if (!outcome.ok) return failed(testId, outcome.error, outcome.stages);

    const { client, endpoint } = outcome;
    client.on('error', (error) => scope.logger.debug('test connection error after connect', { testId, error }));
    const stages = new StageRecorder(onStage, (text) => scope.logger.redactor.text(text));
    try {
      const inspected = await inspect(client, stages, signal, msg.privileges === true);
      const report: TestReport = {
        testId,
        ok: true,
        message: inspected.facts
          ? `Connected to PostgreSQL ${inspected.facts.version} as ${inspected.facts.currentUser}.`
          : `Connected to ${endpoint.host}:${endpoint.port}.`,
        stages: [...outcome.stages, ...stages.reports],
        tls: endpoint.tls,
        ...(inspected.facts && {
          server: toServerReport(inspected.facts, { host: endpoint.host, port: endpoint.port }),
          facts: toServerFacts(inspected.facts),
        }),
        ...(inspected.privileges && { privileges: inspected.privileges }),
      };
      return report;
    } catch (error) {
      // Inspection failures are reported on their stage; what ends it early is a cancel (or the session closing).
      if (!(error instanceof BridgeError)) throw error;
      return failed(testId, error.toJSON(), [...outcome.stages, ...stages.reports]);
    } finally {
      await client.end().catch(() => undefined);
    }
  } finally {
    scope.tests.delete(testId);
    unfollow();
    release();
  }
}

export function cancelTestOp(scope: SessionScope, msg: RequestOf<'connection.test.cancel'>): ResultPayload<'connection.test.cancel'> {
  const running = scope.tests.get(msg.testId);
  if (!running || running.signal.aborted) return { cancelled: false };
  running.abort(new BridgeError('BRIDGE_CANCELLED'));
  return { cancelled: true };
}

/**
 * Server facts, then privileges. A failure here does not make the connection test fail — the connection
 * worked — so it is reported on its own stage, and the report goes on without that part.
 */
async function inspect(client: pg.Client, stages: StageRecorder, signal: AbortSignal, withPrivileges: boolean) {
  const stop = () => {
    if (signal.aborted) throw new BridgeError('BRIDGE_CANCELLED');
  };
  stop();
  const facts = await optionalStage(stages, 'facts', () => readServerFacts(client), (f: ServerFactsDetail) => `PostgreSQL ${f.version}${f.inRecovery ? ', standby' : ''}, ${f.currentUser}@${f.database}`);
  stop();
  if (!withPrivileges) {
    stages.skip('privileges', undefined, 'not requested');
    return { facts };
  }
  const inspection = await optionalStage(stages, 'privileges', () => readPrivileges(client), (p) => p.summary.verdict[0] ?? 'privileges read');
  stop();
  return { facts, privileges: inspection?.report };
}

async function optionalStage<T>(stages: StageRecorder, stage: 'facts' | 'privileges', fn: () => Promise<T>, detail: (value: T) => string): Promise<T | undefined> {
  try {
    return await stages.run(stage, undefined, fn, { detail, translate: (error) => translateError(error, { stage: 'ready' }) });
  } catch {
    return undefined;
  }
}

function failed(testId: string, error: ErrorPayload, stages: StageReport[]): TestReport {
  return {
    testId,
    ok: false,
    code: error.code,
    message: error.message,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    ...(error.data === undefined ? {} : { data: wireError(error).data }),
    stages,
  };
}
