/**
 * AWS RDS and Aurora IAM authentication for the connect engine: checks that a profile may get a token at all,
 * then hands the engine a password provider that signs a fresh 15-minute token each time a connection
 * authenticates (every pooled connection, every reconnect). A token is valid for one endpoint, so in a
 * multi-host profile each is signed for the host that asks, in that host's region. Tokens never leave the
 * bridge: the page learns only their expiry.
 *
 * ```ts
 * const aws = new AwsIamAuth({ allowedHosts: ['*.db.internal.example'] });
 * const password = await aws.passwordProvider(profile, { onToken: ({ expiresAt }) => push(expiresAt) });
 * const { client } = await connect(profile, {}, { password });
 * ```
 */
import { BridgeError, detectRds, inferRdsRegion, normalizeHost, type ConnectionProfile } from '@pgconnect/core';
import type { PasswordProvider, PasswordTarget } from '../connect/types.js';
import { Logger } from '../log/logger.js';
import { credentialChain, credentialSource, memoizeCredentials, type AwsCredentialProvider } from './aws/credentials.js';
import { listAwsProfiles, type AwsProfileList } from './aws/profiles.js';
import { signRdsToken } from './aws/rds-token.js';
import { sharedConfigPaths } from './aws/shared-config.js';
import { checkTokenTarget, matchesAllowlist, tokenTargets, type HostAllowlist } from './host-policy.js';

export interface AwsIamOptions {
  /**
   * Where AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, AWS_PROFILE and the default region are read. Default
   * `process.env`. Access keys in AWS_ACCESS_KEY_ID/… are read by the SDK from `process.env` itself.
   */
  env?: NodeJS.ProcessEnv;
  /** Hosts besides RDS/Aurora endpoints that may get a token (exact names or `*.suffix`). */
  allowedHosts?: HostAllowlist;
  logger?: Logger;
}

export interface TokenIssued {
  provider: 'awsIam' | 'entra';
  expiresAt: Date;
}

export interface AwsPasswordOptions {
  /** Called after each token is signed, for `event.token.refreshed`. */
  onToken?: (token: TokenIssued) => void;
}

/** One endpoint a token may be signed for. */
export interface AwsIamTarget {
  host: string;
  port: number;
  region: string;
  regionSource: 'host' | 'profile';
}

/** What IAM authentication will use for a profile, for the dialog and for logs. */
export interface AwsIamPlan {
  /** Every host of the profile, in order; each gets tokens of its own. */
  targets: AwsIamTarget[];
  user: string;
  awsProfile: string;
  sso: boolean;
  warnings: string[];
}

export class AwsIamAuth {
  readonly #env: NodeJS.ProcessEnv;
  readonly #allowedHosts: HostAllowlist;
  readonly #logger: Logger;
  /** One memoized chain per AWS profile, so temporary credentials are shared by every pool using it. */
  readonly #chains = new Map<string, AwsCredentialProvider>();

  constructor(options: AwsIamOptions = {}) {
    this.#env = options.env ?? process.env;
    this.#allowedHosts = options.allowedHosts ?? [];
    this.#logger = (options.logger ?? new Logger()).child({ component: 'aws-iam' });
    // The chain below never includes the metadata providers; this also keeps out any SDK path we do not control
    // (a future fromIni that resolves credential_source, a region lookup) from calling 169.254.169.254.
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
  }

  /** `aws.profiles.list`. */
  listProfiles(): Promise<AwsProfileList> {
    return listAwsProfiles(sharedConfigPaths(this.#env), this.#env);
  }

  /**
   * Everything that can be checked without AWS: the auth type, hosts that are all RDS/Aurora endpoints (or
   * allowed), verify-full TLS, a region for each, and an AWS profile that exists and is not metadata-backed.
   */
  async plan(profile: ConnectionProfile): Promise<AwsIamPlan> {
    const auth = profile.auth;
    if (auth.type !== 'awsIam') throw new BridgeError('PROFILE_INVALID_VALUE', { data: { field: 'auth.type' } });
    if (auth.user.trim() === '') throw new BridgeError('PROFILE_AWS_INCOMPLETE');
    const refusal = checkTokenTarget(profile, { tls: 'AWS_TLS_NOT_VERIFIED', host: 'AWS_HOST_NOT_ALLOWED' }, (host) => this.#allowed(host));
    if (refusal) throw refusal;
    const warnings: string[] = [];
    const entered = auth.region?.trim() || undefined;
    const targets = tokenTargets(profile).map(({ host, port }): AwsIamTarget => {
      // A cross-region replica lives in another region than the writer: each endpoint's own name decides.
      const inferred = inferRdsRegion(host);
      if (inferred && entered && inferred !== entered) {
        warnings.push(`The AWS region ${entered} was ignored for ${host}: that endpoint is in ${inferred}, and its token must be signed for it.`);
      }
      const region = inferred ?? entered;
      if (!region) throw new BridgeError('AWS_REGION_UNKNOWN', { data: { host } });
      return { host: normalizeHost(host), port, region, regionSource: inferred ? 'host' : 'profile' };
    });
    const source = await credentialSource(sharedConfigPaths(this.#env), auth.profile, this.#env);
    return {
      targets,
      user: auth.user,
      awsProfile: source.profile,
      sso: source.sso,
      warnings,
    };
  }

  /**
   * A password provider for `connect(..., { password })`. Throws a BridgeError (before any AWS call) when the
   * profile may not use IAM; the provider itself rejects with `AWS_NO_CREDENTIALS` / `AWS_SSO_EXPIRED`, and
   * with `AWS_HOST_NOT_ALLOWED` when asked for a host the plan did not check.
   */
  async passwordProvider(profile: ConnectionProfile, options: AwsPasswordOptions = {}): Promise<PasswordProvider> {
    const plan = await this.plan(profile);
    for (const warning of plan.warnings) this.#logger.warn(warning, { profileId: profile.id });
    const credentials = this.#credentials(plan.awsProfile, profile.auth.type === 'awsIam' ? profile.auth.profile : undefined);
    return async ({ host, port }: PasswordTarget) => {
      const target = plan.targets.find((t) => t.host === normalizeHost(host) && t.port === port);
      if (!target) throw new BridgeError('AWS_HOST_NOT_ALLOWED', { data: { host } });
      const { token, expiresAt } = await signRdsToken(
        { hostname: target.host, port: target.port, username: plan.user, region: target.region },
        credentials,
      );
      this.#logger.debug('signed RDS IAM token', { host: target.host, port: target.port, user: plan.user, region: target.region, expiresAt });
      options.onToken?.({ provider: 'awsIam', expiresAt });
      return token;
    };
  }

  #allowed(host: string): boolean {
    return detectRds(host) !== null || matchesAllowlist(host, this.#allowedHosts);
  }

  #credentials(awsProfile: string, requested: string | undefined): AwsCredentialProvider {
    const paths = sharedConfigPaths(this.#env);
    const key = `${requested?.trim() ? 'profile' : 'chain'}:${awsProfile}:${paths.configFile}:${paths.credentialsFile}`;
    let chain = this.#chains.get(key);
    if (!chain) {
      const resolve = async () => credentialChain(await credentialSource(paths, requested, this.#env), paths)();
      chain = memoizeCredentials(resolve);
      this.#chains.set(key, chain);
    }
    return chain;
  }
}
