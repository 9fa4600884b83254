import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConnectSecrets } from '@pgconnect/core/protocol/messages/profile.js';
import type { BridgeService } from '../../client/bridge-client.js';
import { toErrorPayload } from '../../client/bridge-error.js';
import type { StageReport, TestReport } from '../../client/protocol.js';
import { PgErrorEvent } from '../../events/pg-error.js';
import { PgTestRequestEvent } from '../../events/pg-test-request.js';
import type { ConnectionProfile } from '../../internal/core.js';
import { randomId } from '../../internal/ids.js';
import type { TestState } from '../sections/test-result.js';
import type { HostKeyPrompts } from './host-key-prompts.js';

export interface TestRunnerOptions {
  client(): BridgeService | undefined;
  /** The bridge may pause a test on an SSH host-key prompt: the test's request runs through these. */
  prompts: HostKeyPrompts;
  announce(text: string): void;
  /**
   * The bridge connected (even for a test stopped since, unless the form has held another connection since):
   * the server's databases can be listed now.
   */
  succeeded(): void;
  /** Loads the elements a result with privileges draws. */
  loadResultElements(): void;
}

/**
 * Test Connection: asks the page (`pg-test-request`), and unless it takes the test over, runs it through the
 * bridge client, showing the stages as the bridge streams them (`event.test.stage`), then the report. A test
 * the page runs itself is reported with `showStage()` and `showResult()`. The result is brought into view when
 * it appears and when it ends.
 */
export class TestRunner implements ReactiveController {
  #state: TestState = { status: 'idle' };
  /** The state the host last rendered. */
  #rendered: TestState = this.#state;
  /** The bridge request of each test running there, by test id: a test given up on gives up its prompts too. */
  readonly #requests = new Map<string, string>();
  /** Counts `reset()`s: a test started before the last one was for a connection the form no longer holds. */
  #generation = 0;
  readonly #host: ReactiveControllerHost & EventTarget & { readonly renderRoot: ParentNode };
  readonly #options: TestRunnerOptions;

  constructor(host: ReactiveControllerHost & EventTarget & { readonly renderRoot: ParentNode }, options: TestRunnerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  get state(): TestState {
    return this.#state;
  }

  get running(): boolean {
    return this.#state.status === 'running';
  }

  hostUpdated(): void {
    const before = this.#rendered;
    const test = (this.#rendered = this.#state);
    if (test === before) return;
    if (test.status === 'done' && test.report.privileges) this.#options.loadResultElements();
    // With Advanced open the result is below the drawer.
    if (test.status !== 'idle' && before.status !== test.status) this.#reveal();
  }

  /**
   * Runs a test of `detail`'s connection. Resolves when the bridge has answered, or at once when the page runs
   * it; never rejects: a failure is the test's result and a `pg-error` event.
   */
  async run(detail: { profile: ConnectionProfile; secrets: ConnectSecrets }): Promise<void> {
    const event = new PgTestRequestEvent(detail);
    this.#host.dispatchEvent(event);
    const testId = randomId();
    const client = this.#options.client();
    this.#set({ status: 'running', testId, stages: [], viaClient: !event.defaultPrevented && Boolean(client) });
    if (event.defaultPrevented) return;
    if (!client) {
      this.showResult({ testId, ok: false, code: 'BRIDGE_UNAVAILABLE', message: 'No bridge is connected, so the connection cannot be tested.', hint: 'Provide a bridge client, or handle pg-test-request in the page.', stages: [] });
      return;
    }
    // Stages still streaming from a test stopped since are not this one's.
    const off = client.onPush('event.test.stage', ({ testId: id, ...stage }) => {
      if (id === testId && this.#isRunning(testId)) this.showStage(stage);
    });
    const generation = this.#generation;
    try {
      const result = await this.#options.prompts.run((id) => {
        this.#requests.set(testId, id);
        return client.request('connection.test', { testId, ...detail, privileges: true }, { id });
      });
      if (this.#isRunning(testId)) this.showResult({ ...result, testId });
      if (result.ok && generation === this.#generation) this.#options.succeeded();
    } catch (error) {
      const payload = toErrorPayload(error);
      const test = this.#state;
      if (test.status === 'running' && test.testId === testId) {
        this.showResult({ testId, ok: false, code: payload.code, message: payload.message, ...(payload.hint ? { hint: payload.hint } : {}), stages: test.stages });
      }
      this.#host.dispatchEvent(new PgErrorEvent(payload));
    } finally {
      off();
      this.#requests.delete(testId);
    }
  }

  /**
   * Stops a running test, asking the bridge to stop it too when it runs there; a host-key prompt it is paused on
   * is refused.
   */
  cancel(): void {
    const test = this.#state;
    if (test.status !== 'running') return;
    this.#set({ status: 'idle' });
    const request = this.#requests.get(test.testId);
    if (request) this.#options.prompts.abandon(request);
    const client = this.#options.client();
    if (test.viaClient && client) void client.request('connection.test.cancel', { testId: test.testId }).catch(() => undefined);
  }

  /**
   * Forgets the test, whatever its state: the form now holds another connection (loaded, or parsed from a
   * string). A running one is stopped on the bridge too, so it cannot go on prompting for a connection not shown.
   */
  reset(): void {
    this.#generation++;
    this.cancel();
    if (this.#state.status !== 'idle') this.#set({ status: 'idle' });
  }

  /** Clears a finished test's result: it no longer describes the connection once the form changes. */
  clearResult(): void {
    if (this.#state.status === 'done') this.#set({ status: 'idle' });
  }

  /** Shows a stage of the running test, in place of an earlier report of the same stage and target. */
  showStage(stage: StageReport): void {
    const test = this.#state;
    if (test.status !== 'running') return;
    const stages = [...test.stages];
    const i = stages.findIndex((s) => s.stage === stage.stage && s.target === stage.target);
    if (i >= 0) stages[i] = stage;
    else stages.push(stage);
    this.#set({ ...test, stages });
  }

  /** Shows the end of a test: the check or the warning, the hint, and the privileges. */
  showResult(report: TestReport): void {
    this.#set({ status: 'done', report });
    this.#options.prompts.loadFor(report.code);
    // A success is announced politely; a failure is the result's own alert (announcing it here too would repeat it).
    if (report.ok) this.#options.announce(`Connection succeeded. ${report.message}`);
  }

  #isRunning(testId: string): boolean {
    return this.#state.status === 'running' && this.#state.testId === testId;
  }

  #set(state: TestState): void {
    this.#state = state;
    this.#host.requestUpdate();
  }

  /** Scrolls the result into view, at once when the user prefers reduced motion. */
  #reveal(): void {
    const result = this.#host.renderRoot.querySelector<HTMLElement>('[part="test-result"]');
    if (!result) return;
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    result.scrollIntoView({ block: 'nearest', behavior: reduce ? 'auto' : 'smooth' });
  }
}
