/**
 * Which managed PostgreSQL service a host name belongs to, and the settings that service needs. Detection reads
 * only the text: an IP address or a custom CNAME in front of a managed server is not recognised.
 */
import { detectAzure, type AzureMatch } from './azure.js';
import { detectCloudSql, type CloudSqlMatch } from './cloudsql.js';
import { detectNeon, type NeonMatch } from './neon.js';
import { detectRds, type RdsMatch } from './rds.js';
import { detectSupabase, type SupabaseMatch } from './supabase.js';

export type ProviderMatch = RdsMatch | AzureMatch | SupabaseMatch | NeonMatch | CloudSqlMatch;

export function detectProvider(host: string): ProviderMatch | null {
  return detectRds(host) ?? detectAzure(host) ?? detectSupabase(host) ?? detectNeon(host) ?? detectCloudSql(host);
}
