/**
 * Component Story Format, typed just enough for the stories here. Storybook reads these objects as they are;
 * keeping the types local means the element package does not depend on Storybook, and the WTR smoke test can
 * render every story as a fixture (stories double as test fixtures: STYLE.md).
 */
import type { TemplateResult } from 'lit';

export interface StoryContext<A> {
  canvasElement: HTMLElement;
  args: A;
}

export interface Meta<A> {
  title: string;
  /** The tag, so Storybook finds the element in the custom-elements manifest (controls, docs). */
  component: string;
  args?: Partial<A>;
  argTypes?: Record<string, unknown>;
  parameters?: Record<string, unknown>;
  render: (args: A) => TemplateResult;
}

export interface Story<A> {
  name?: string;
  args?: Partial<A>;
  argTypes?: Record<string, unknown>;
  parameters?: Record<string, unknown>;
  render?: (args: A) => TemplateResult;
  /** Puts the element into the state the story shows, after it rendered. */
  play?: (context: StoryContext<A>) => Promise<void>;
}

/** Resolves once `test()` is truthy, checking each frame (for play functions; gives up after `frames`). */
export async function until<T>(test: () => T | null | undefined | false, frames = 300): Promise<T> {
  for (let i = 0; i < frames; i++) {
    const value = test();
    if (value) return value;
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  throw new Error('The story did not reach its state.');
}
