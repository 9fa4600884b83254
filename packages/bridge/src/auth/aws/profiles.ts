/** `aws.profiles.list`: the profiles a user can pick in the dialog's AWS Profile field. */
import type { ResultPayload } from '@pgconnect/core';
import { readSharedConfig, type SharedConfigPaths } from './shared-config.js';

export type AwsProfileList = ResultPayload<'aws.profiles.list'>;

export async function listAwsProfiles(paths: SharedConfigPaths, env: NodeJS.ProcessEnv): Promise<AwsProfileList> {
  const { profiles } = await readSharedConfig(paths);
  const list = [...profiles]
    .map(([name, section]) => ({
      name,
      // sso_region is where the SSO portal runs, not where the databases are: only `region` counts.
      ...(section.region ? { region: section.region } : {}),
      sso: section.sso_session !== undefined || section.sso_start_url !== undefined,
    }))
    .sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
  const defaultRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION || profiles.get('default')?.region;
  return { profiles: list, ...(defaultRegion ? { defaultRegion } : {}) };
}
