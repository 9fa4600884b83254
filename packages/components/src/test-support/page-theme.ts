/**
 * Dresses the page for a theme, as a host would: a page background, and for `vscode` the `--vscode-*`
 * properties a VS Code webview sets on `<body>` (Dark Modern). Shared by the screenshot page and Storybook.
 */
export type PageTheme = 'light' | 'dark' | 'vscode';

const VSCODE_DARK_MODERN: Record<string, string> = {
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-editorWidget-background': '#202020',
  '--vscode-sideBar-background': '#181818',
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-widget-border': '#313131',
  '--vscode-input-background': '#313131',
  '--vscode-input-border': '#3c3c3c',
  '--vscode-button-background': '#0078d4',
  '--vscode-button-hoverBackground': '#026ec1',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-textLink-foreground': '#4daafc',
  '--vscode-errorForeground': '#f85149',
  '--vscode-font-family': '-apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': 'Consolas, "Courier New", monospace',
};

export function applyPageTheme(theme: PageTheme, body: HTMLElement = document.body): void {
  body.classList.toggle('vscode-dark', theme === 'vscode');
  for (const [name, value] of Object.entries(VSCODE_DARK_MODERN)) {
    if (theme === 'vscode') body.style.setProperty(name, value);
    else body.style.removeProperty(name);
  }
  body.style.background = theme === 'vscode' ? '#1f1f1f' : theme === 'dark' ? '#0d0f12' : '#e9ecf1';
}
