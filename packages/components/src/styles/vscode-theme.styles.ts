import { css } from 'lit';

/**
 * `theme="vscode"`: the tokens taken from the `--vscode-*` properties a VS Code webview defines, so the dialog
 * follows whatever colour theme the user runs. Fallbacks are VS Code's Dark Modern values.
 */
export const vscodeTheme = css`
  :host([theme='vscode']) {
    --pg-color-bg: var(--vscode-editorWidget-background, var(--vscode-editor-background, #202020));
    --pg-color-surface: var(--vscode-sideBar-background, #181818);
    --pg-color-raised: var(--vscode-editor-background, #1f1f1f);
    --pg-color-fg: var(--vscode-foreground, #cccccc);
    --pg-color-fg-muted: var(--vscode-descriptionForeground, #9d9d9d);
    --pg-color-border: var(--vscode-widget-border, var(--vscode-panel-border, #2b2b2b));
    --pg-color-input-bg: var(--vscode-input-background, #313131);
    --pg-color-input-border: var(--vscode-input-border, #6b6b6b);
    --pg-color-hover: var(--vscode-list-hoverBackground, rgba(255, 255, 255, 0.06));
    --pg-color-accent: var(--vscode-button-background, #0078d4);
    --pg-color-accent-hover: var(--vscode-button-hoverBackground, #026ec1);
    --pg-color-on-accent: var(--vscode-button-foreground, #ffffff);
    --pg-color-accent-text: var(--vscode-textLink-foreground, #4daafc);
    --pg-color-accent-subtle: var(--vscode-list-activeSelectionBackground, #04395e);
    --pg-color-danger: var(--vscode-errorForeground, #f48771);
    --pg-color-danger-subtle: rgba(244, 135, 113, 0.1);
    --pg-color-success: var(--vscode-testing-iconPassed, #73c991);
    --pg-color-success-subtle: rgba(115, 201, 145, 0.12);
    --pg-color-warning: var(--vscode-editorWarning-foreground, #cca700);
    --pg-color-warning-subtle: rgba(204, 167, 0, 0.12);
    --pg-color-focus: var(--vscode-focusBorder, #0078d4);
    --pg-color-secondary-bg: var(--vscode-button-secondaryBackground, #313131);
    --pg-color-secondary-fg: var(--vscode-button-secondaryForeground, #cccccc);
    --pg-font-family: var(--vscode-font-family, system-ui, sans-serif);
    --pg-font-size: var(--vscode-font-size, 13px);
    --pg-font-mono: var(--vscode-editor-font-family, ui-monospace, monospace);
    --pg-radius: 4px;
    --pg-color-scheme: dark;
  }
  :host-context(body.vscode-light),
  :host-context(body.vscode-high-contrast-light) {
    --pg-color-scheme: light;
  }
`;
