// Small questions asked inside the page. The project's TypeScript has no DOM library, so the
// little of the DOM these use is typed here, and only inside the functions sent to the page.
import type { Page } from 'playwright-core';

interface StyleDeclaration {
  outlineStyle: string;
  outlineWidth: string;
  outlineColor: string;
  boxShadow: string;
  fontSize: string;
  backgroundColor: string;
}
interface DomElement {
  lang: string;
  tagName: string;
  id: string;
  className: string;
  textContent: string | null;
  closest(selector: string): DomElement | null;
  getBoundingClientRect(): { top: number; left: number; bottom: number; right: number; width: number; height: number };
  blur(): void;
  focus(): void;
}
interface DomWindow {
  innerWidth: number;
  innerHeight: number;
  document: { activeElement: DomElement | null; body: DomElement; documentElement: DomElement };
  getComputedStyle(element: DomElement): StyleDeclaration;
}

export interface FocusedElement {
  tag: string;
  id: string;
  className: string;
  text: string;
  insideMain: boolean;
  /** Whether the element's box is at least partly inside the viewport. */
  onScreen: boolean;
}

/** What has the keyboard focus now (the body when nothing does). */
export function focused(page: Page): Promise<FocusedElement> {
  return page.evaluate(() => {
    const window = globalThis as unknown as DomWindow;
    const element = window.document.activeElement ?? window.document.body;
    const box = element.getBoundingClientRect();
    return {
      tag: element.tagName.toLowerCase(),
      id: element.id,
      className: element.className,
      text: (element.textContent ?? '').trim().replace(/\s+/g, ' '),
      insideMain: element.closest('main') !== null,
      onScreen:
        box.width > 0 &&
        box.height > 0 &&
        box.bottom > 0 &&
        box.right > 0 &&
        box.top < window.innerHeight &&
        box.left < window.innerWidth,
    };
  });
}

export type Ring = Pick<StyleDeclaration, 'outlineStyle' | 'outlineWidth' | 'outlineColor' | 'boxShadow'>;

/**
 * The focused element's outline and box-shadow as it is now and after it loses focus (it gets
 * the focus back afterwards): a visible focus indicator is one where they differ and the
 * focused one draws something.
 */
export function focusRing(page: Page): Promise<{ focused: Ring; unfocused: Ring }> {
  return page.evaluate(() => {
    const window = globalThis as unknown as DomWindow;
    const element = window.document.activeElement;
    if (!element || element === window.document.body) throw new Error('nothing has the focus');
    const ring = (): Ring => {
      const style = window.getComputedStyle(element);
      const { outlineStyle, outlineWidth, outlineColor, boxShadow } = style;
      return { outlineStyle, outlineWidth, outlineColor, boxShadow };
    };
    const focusedRing = ring();
    element.blur();
    const unfocusedRing = ring();
    // Focus again, so that the next Tab carries on from here.
    element.focus();
    return { focused: focusedRing, unfocused: unfocusedRing };
  });
}

/** The root element's language, classes, font size and background, as the visitor gets them. */
export function pageDisplay(
  page: Page,
): Promise<{ lang: string; className: string; fontSize: string; background: string }> {
  return page.evaluate(() => {
    const window = globalThis as unknown as DomWindow;
    const root = window.document.documentElement;
    return {
      lang: root.lang,
      className: root.className,
      fontSize: window.getComputedStyle(root).fontSize,
      background: window.getComputedStyle(window.document.body).backgroundColor,
    };
  });
}
