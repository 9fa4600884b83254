/**
 * Adds `-c search_path=<schemas>` to libpq `options`, the backend command line libpq splits at whitespace
 * with `\` as the escape. JDBC's currentSchema and Npgsql's Search Path become this.
 */
export function appendSearchPath(options: string | undefined, schemas: string): string {
  const escaped = schemas.replace(/[\s\\]/g, (ch) => `\\${ch}`);
  const setting = `-c search_path=${escaped}`;
  return options ? `${options} ${setting}` : setting;
}
