/**
 * What the demo page is told about the demo, injected into its HTML as JSON. Only what the user could read
 * in the terminal anyway, and nothing secret: the passwords stay in the terminal, and the bridge token
 * travels separately (a `<meta>` the page reads once).
 *
 * Types only: the page's bundle imports this file too, so it must not import anything.
 */
export interface DemoPageFacts {
  /** The PostgreSQL server as a client reaches it. */
  server: { host: string; port: number; version: string };
  database: string;
  schema: string;
  roles: Array<{ name: string; description: string }>;
  /** Where the demo CA certificate is, for `sslmode=verify-full` (`sslrootcert`). */
  caCertPath: string;
  /** Saved connections the demo created, by role name. */
  profileIds: Record<string, string>;
  /** Connection strings to paste into the Connection String tab. */
  connectionStrings: Array<{ label: string; text: string }>;
}

/** The `<meta name>` the token is injected under, and the id of the JSON data block with the facts. */
export const TOKEN_META_NAME = 'pgconnect-token';
export const FACTS_ELEMENT_ID = 'pgconnect-demo-facts';
