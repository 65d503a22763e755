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

/**
 * Sets the classes of the page's root element, as the server sets them for a display (a text
 * size, high contrast): the page restyled in place, for a page that cannot be opened again.
 */
export async function setRootClass(page: Page, className: string): Promise<void> {
  await page.evaluate((name) => {
    (globalThis as unknown as DomWindow).document.documentElement.className = name;
  }, className);
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

interface ReflowElement {
  tagName: string;
  id: string;
  classList: { length: number; [index: number]: string };
  textContent: string | null;
  tabIndex: number;
  scrollWidth: number;
  clientWidth: number;
  parentElement: ReflowElement | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { left: number; right: number; width: number; height: number };
}
interface ReflowText {
  textContent: string | null;
  parentElement: ReflowElement | null;
}
interface ReflowWindow {
  document: {
    body: ReflowElement;
    documentElement: ReflowElement;
    querySelectorAll(selector: string): Iterable<ReflowElement>;
    createTreeWalker(root: ReflowElement, whatToShow: number): { nextNode(): ReflowText | null };
    createRange(): {
      selectNodeContents(node: ReflowText): void;
      getBoundingClientRect(): { left: number; right: number; width: number };
    };
  };
  getComputedStyle(element: ReflowElement): { overflowX: string };
}

/**
 * What makes the page scroll sideways or hides part of it past the window's left or right edge
 * (WCAG 1.4.10 Reflow), one line each: the document wider than the window; each element and
 * each run of text that sticks out (the outermost only: its descendants stick out with it),
 * as far as it can be seen (an ancestor that clips or scrolls it hides the rest); and each box
 * that scrolls sideways without being a focusable, labelled region a keyboard can scroll.
 */
export function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const window = globalThis as unknown as ReflowWindow;
    const { body, documentElement: root } = window.document;
    const edge = root.clientWidth;
    // Layout works in fractions of a pixel: less than half of one is no overflow.
    const tolerance = 0.5;
    const problems: string[] = [];
    if (root.scrollWidth > edge) problems.push(`the page scrolls sideways: ${root.scrollWidth} px wide in ${edge} px`);

    const name = (element: ReflowElement): string => {
      const parts: string[] = [];
      for (let at: ReflowElement | null = element; at && at !== body && parts.length < 4; at = at.parentElement) {
        const classes = Array.from({ length: at.classList.length }, (_, i) => `.${at!.classList[i]}`).join('');
        parts.unshift(`${at.tagName.toLowerCase()}${at.id ? `#${at.id}` : ''}${classes}`);
      }
      const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ');
      return `${parts.join(' > ')} "${text.length > 60 ? `${text.slice(0, 60)}…` : text}"`;
    };
    // The part of a box that can be seen: ancestors (from `from` up, short of the body, whose
    // overflow is the window's own) that clip or scroll cut it to their own box.
    const visible = (from: ReflowElement | null, box: { left: number; right: number }) => {
      let { left, right } = box;
      for (let at = from; at && at !== body && at !== root; at = at.parentElement) {
        if (window.getComputedStyle(at).overflowX === 'visible') continue;
        const clip = at.getBoundingClientRect();
        left = Math.max(left, clip.left);
        right = Math.min(right, clip.right);
      }
      return { left, right };
    };
    const sticksOut = (box: { left: number; right: number }): string | undefined =>
      box.right > edge + tolerance
        ? `right edge at ${Math.round(box.right)} px`
        : box.left < -tolerance
          ? `left edge at ${Math.round(box.left)} px`
          : undefined;

    const outside = new Set<ReflowElement>();
    for (const element of window.document.querySelectorAll('body *')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      const where = box.right > box.left ? sticksOut(visible(element.parentElement, box)) : undefined;
      if (where) {
        outside.add(element);
        if (!element.parentElement || !outside.has(element.parentElement)) {
          problems.push(`${name(element)} sticks out of the window: ${where}`);
        }
      }
      const overflowX = window.getComputedStyle(element).overflowX;
      if ((overflowX === 'auto' || overflowX === 'scroll') && element.scrollWidth > element.clientWidth) {
        const labelled = element.getAttribute('aria-label') || element.getAttribute('aria-labelledby');
        if (element.tabIndex < 0 || element.getAttribute('role') !== 'region' || !labelled) {
          problems.push(`${name(element)} scrolls sideways but is no focusable, labelled region`);
        }
      }
    }

    const SHOW_TEXT = 4;
    const texts = window.document.createTreeWalker(body, SHOW_TEXT);
    const range = window.document.createRange();
    for (let text = texts.nextNode(); text; text = texts.nextNode()) {
      const parent = text.parentElement;
      if (!parent || outside.has(parent) || !(text.textContent ?? '').trim()) continue;
      range.selectNodeContents(text);
      const box = range.getBoundingClientRect();
      if (box.width === 0) continue;
      const where = sticksOut(visible(parent, box));
      if (where) {
        outside.add(parent);
        problems.push(`the text of ${name(parent)} sticks out of the window: ${where}`);
      }
    }
    return problems;
  });
}

/** The little of the page's DOM a sweep's self-check uses to plant what the check must find. */
export interface PlantingWindow {
  document: {
    querySelector(selector: string): { append(...nodes: unknown[]): void } | null;
    createElement(tag: string): {
      style: Record<string, string>;
      textContent: string;
      setAttribute(name: string, value: string): void;
      append(...nodes: unknown[]): void;
    };
  };
}

/** The pages of a PDF as Chromium writes it: one page object each. */
export const pdfPageCount = (pdf: Buffer): number =>
  pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
