/**
 * Belt and braces for security.md T8: the connect engine never reads `PG*` variables, but libraries and child
 * processes might, so the bridge removes them from its own environment when it starts. Returns the names
 * removed (never the values) for the start-up log.
 */
export function clearPgEnvironment(env: NodeJS.ProcessEnv = process.env): string[] {
  const names = Object.keys(env).filter((name) => name.startsWith('PG'));
  for (const name of names) delete env[name];
  return names;
}
