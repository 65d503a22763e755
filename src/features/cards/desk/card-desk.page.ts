// The counter's card page (views/admin/cards/card.ejs), rendered by every route of the card's
// forms: after a step, or again with a form's errors (422) or a refusal (409) said on it.
import type { Response } from 'express';
import { HttpError } from '../../../platform/http/errors.ts';
import type { FieldError } from '../../../platform/http/forms.ts';
import { clientSummary } from '../../accounts/index.ts';
import { staffContext } from '../../staff/index.ts';
import type { CardsDeps } from '../cards.deps.ts';
import { cardAtCounter } from './card-desk.service.ts';

export interface ShownOnCardPage {
  status?: number;
  /** A key under cards:desk.notices. */
  notice?: string;
  errors?: FieldError[];
  /** The form that was sent, to fill in again: its fields, and which form it was. */
  values?: Record<string, unknown>;
}

export async function renderCardPage(
  deps: CardsDeps,
  res: Response,
  cardId: string,
  shown: ShownOnCardPage = {},
): Promise<void> {
  const context = staffContext(res);
  const desk = await cardAtCounter(deps, context, cardId);
  if (!desk) throw new HttpError(404, 'no such card here');
  const client = await clientSummary(deps, context, desk.card.clientId);
  res.setHeader('Cache-Control', 'no-store');
  res.status(shown.status ?? 200).render('admin/cards/card', {
    title: res.locals.ctx.t('cards:desk.title', { card: desk.type.name }),
    desk,
    client,
    notice: shown.notice,
    errors: shown.errors ?? [],
    values: shown.values ?? {},
  });
}
