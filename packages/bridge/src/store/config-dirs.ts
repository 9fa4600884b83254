import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * Where the user's pgconnect settings live: `PGCONNECT_CONFIG_DIR` when set (tests, portable installs), otherwise
 * the platform's per-user config directory — `$XDG_CONFIG_HOME/pgconnect` or `~/.config/pgconnect` on Linux (a
 * relative XDG_CONFIG_HOME is ignored, as the XDG spec says), `~/Library/Application Support/pgconnect` on macOS,
 * `%APPDATA%\pgconnect` on Windows.
 */
export function defaultUserConfigDir(
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.PGCONNECT_CONFIG_DIR) return env.PGCONNECT_CONFIG_DIR;
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'pgconnect');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'pgconnect');
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.config'), 'pgconnect');
}

/** The user scope's settings file. */
export const userSettingsPath = (userDir: string): string => join(userDir, 'settings.json');

/** The workspace scope's settings file: inside the folder the host names, meant to be committed with the project. */
export const workspaceSettingsPath = (workspaceDir: string): string => join(workspaceDir, '.pgconnect', 'settings.json');

export const recentPath = (userDir: string): string => join(userDir, 'recent.json');
