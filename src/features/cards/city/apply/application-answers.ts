// What the client's and the counter's application routes answer alike (issue #23): step 1's
// refusals as the form says them (a holder who needs no card, one not born yet: 422, nothing
// stored; a holder with a card in play: 409, linking to it only for one who may see it), what
// step 1 puts back into its fields, and the holder's photo as it is served: only to who may see
// it, never cached, never sniffed into anything but the JPEG it is.
import type { Request, Response } from 'express';
import { HttpError } from '../../../../platform/http/errors.ts';
import type { ApplicationPhoto } from '../application-files.ts';
import type { Shown } from './application.page.ts';
import type { StartOutcome } from './start-application.service.ts';

export function startRefusal(
  res: Response,
  outcome: Exclude<StartOutcome, { kind: 'started' }>,
  linkOf: (cardId: string) => string,
): { shown: Shown; existing?: string } {
  const { t } = res.locals.ctx;
  switch (outcome.kind) {
    case 'notFound':
      throw new HttpError(404, 'no such client or city card type here');
    case 'noCardNeeded':
    case 'notBornYet':
      return {
        shown: { status: 422, errors: [{ field: 'pesel', message: t(`cityApplication:holder.${outcome.kind}`) }] },
      };
    case 'holderHasCard':
      return {
        shown: { status: 409, errors: [{ field: 'pesel', message: t('cityApplication:holder.holderHasCard') }] },
        ...(outcome.cardId ? { existing: linkOf(outcome.cardId) } : {}),
      };
  }
}

/** What was typed in step 1, as typed (the PESEL too: it goes back into its own field only). */
export function holderTyped(req: Request): Record<string, string> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    ['cardType', 'firstName', 'lastName', 'pesel', 'incapacity'].flatMap((name) =>
      typeof body[name] === 'string' ? [[name, body[name] as string]] : [],
    ),
  );
}

/** The holder's photo, or a 404 for one the visitor may not see (or none). */
export function sendPhoto(res: Response, photo: ApplicationPhoto | undefined): void {
  if (!photo) throw new HttpError(404, 'no such photo here');
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.type(photo.mediaType).send(photo.content);
}
