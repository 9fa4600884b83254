/**
 * AWS credentials for RDS IAM from the sources a person at a workstation uses — environment variables, the
 * shared config and credentials files, IAM Identity Center (SSO) and `credential_process` — and never from
 * EC2 instance metadata or the ECS container endpoint. The SDK's default chain ends in those, and a profile's
 * `credential_source = Ec2InstanceMetadata | EcsContainer` reaches them from inside `fromIni`, so the chain is
 * built here from the four allowed providers and profiles with `credential_source` are refused before the SDK
 * sees them.
 */
import { createCredentialChain, fromEnv, fromIni, fromProcess, fromSSO } from '@aws-sdk/credential-providers';
import { BridgeError } from '@pgconnect/core';
import { readSharedConfig, type IniSection, type SharedConfig, type SharedConfigPaths } from './shared-config.js';

export type AwsCredentials = Awaited<ReturnType<ReturnType<typeof fromIni>>>;
export type AwsCredentialProvider = () => Promise<AwsCredentials>;

/** The SDK signer asks again when fewer than 15 minutes are left; cached credentials are kept no longer than that. */
const REFRESH_BEFORE_MS = 15 * 60_000;

export interface CredentialSource {
  /** The profile named by the connection profile, else AWS_PROFILE, else `default`. */
  profile: string;
  /** Whether a profile was chosen (explicitly or through AWS_PROFILE): then environment keys are not used. */
  profileChosen: boolean;
  /** Whether the profile signs in through IAM Identity Center, for the "run aws sso login" hint. */
  sso: boolean;
}

/**
 * Decides which profile applies and refuses what must not be used: a named profile that does not exist, and
 * any profile whose chain (`source_profile` links) has a `credential_source`.
 */
export async function credentialSource(paths: SharedConfigPaths, requested: string | undefined, env: NodeJS.ProcessEnv): Promise<CredentialSource> {
  const named = requested?.trim() || env.AWS_PROFILE?.trim() || undefined;
  const profile = named ?? 'default';
  const config = await readSharedConfig(paths);
  const section = config.profiles.get(profile);
  if (named !== undefined && !section) throw new BridgeError('AWS_PROFILE_NOT_FOUND', { data: { profile } });
  if (section) refuseMetadataSources(config, profile);
  return { profile, profileChosen: named !== undefined, sso: section !== undefined && isSsoProfile(section) };
}

function isSsoProfile(section: IniSection): boolean {
  return section.sso_session !== undefined || section.sso_start_url !== undefined || section.sso_account_id !== undefined;
}

function refuseMetadataSources(config: SharedConfig, start: string): void {
  const seen = new Set<string>();
  for (let name: string | undefined = start; name !== undefined && !seen.has(name); ) {
    seen.add(name);
    const section = config.profiles.get(name);
    if (!section) return;
    if (section.credential_source !== undefined) {
      throw new BridgeError('AWS_CREDENTIAL_SOURCE_UNSUPPORTED', {
        message: `The AWS profile ${start} takes its credentials from "credential_source = ${section.credential_source}"${name === start ? '' : ` (through profile ${name})`}, which pgconnect does not use.`,
        data: { profile: start },
      });
    }
    name = section.source_profile;
  }
}

/**
 * The allowed chain for one source. Environment keys come first, as in the SDK's default chain, and are skipped
 * when a profile was chosen (the SDK does the same). The files are re-read on every resolution, so a fresh
 * `aws sso login` or edited credentials take effect without restarting the bridge.
 */
export function credentialChain(source: CredentialSource, paths: SharedConfigPaths): AwsCredentialProvider {
  const init = { profile: source.profile, filepath: paths.credentialsFile, configFilepath: paths.configFile, ignoreCache: true };
  const chain = createCredentialChain(
    ...(source.profileChosen ? [] : [fromEnv()]),
    fromSSO(init),
    fromIni(init),
    fromProcess(init),
  );
  return () => chain({}).catch((error: unknown) => Promise.reject(translateCredentialError(error, source)));
}

/**
 * Keeps temporary credentials (SSO, credential_process, assumed roles) until they come within 15 minutes of
 * expiring, so a pool opening ten connections does not call the SSO portal ten times. Credentials without an
 * expiry (access keys) are read again each time: cheap, and a rotated key is picked up at once.
 */
export function memoizeCredentials(provider: AwsCredentialProvider, now: () => number = Date.now): AwsCredentialProvider {
  let cached: AwsCredentials | undefined;
  let pending: Promise<AwsCredentials> | undefined;
  return async () => {
    const expiration = cached?.expiration?.getTime();
    if (cached && expiration !== undefined && expiration - now() > REFRESH_BEFORE_MS) return cached;
    pending ??= provider().then(
      (credentials) => {
        cached = credentials;
        pending = undefined;
        return credentials;
      },
      (error: unknown) => {
        cached = undefined;
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
}

const SSO_FAILURE = /\bsso\b|session token|UnauthorizedException|token.*expired|expired.*token/i;

/** SDK errors become the table's codes; the SDK's own text (which may quote a command line) stays in `cause`. */
export function translateCredentialError(error: unknown, source: CredentialSource): BridgeError {
  if (error instanceof BridgeError) return error;
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  const data = { profile: source.profile };
  if (source.sso && SSO_FAILURE.test(text)) {
    return new BridgeError('AWS_SSO_EXPIRED', { hint: `Run aws sso login --profile ${source.profile} and test again.`, data, cause: error });
  }
  return new BridgeError('AWS_NO_CREDENTIALS', { data, cause: error });
}
