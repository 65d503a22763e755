// What the card's pages show of its money: the entries of its account (the activation fee, its
// payments), what is left to pay, and the account to pay it to (the money core's Pay page, which
// lets the holder pay it through CARD_PAYER).
import type { Knex } from 'knex';
import { calendarDayIn } from '../../lib/zoned-date.ts';
import { balanceAsOf, findAccount, turnover, type LedgerEntry } from '../money/index.ts';
import type { Card } from './cards.types.ts';

export interface CardMoney {
  accountId: string;
  entries: LedgerEntry[];
  /** Left to pay (> 0), or 0. */
  owed: number;
}

export async function cardMoney(
  trx: Knex.Transaction,
  card: Card,
  timeZone: string,
  now: Date,
): Promise<CardMoney | undefined> {
  if (!card.accountId) return undefined;
  const account = await findAccount(trx, card.accountId);
  if (!account) return undefined;
  const today = calendarDayIn(timeZone, now);
  const to = today < account.openedOn ? account.openedOn : today;
  const { entries } = await turnover(trx, account.id, { from: account.openedOn, to });
  const balance = await balanceAsOf(trx, account.id, '9999-12-31');
  return { accountId: account.id, entries, owed: Math.max(balance, 0) };
}
