// The payment details of a charge as the QR code Polish banks' apps read to fill in a transfer
// (issue #21): the Polish Bank Association's recommendation "Standard 2D" of 3 December 2013.
// Nine fields joined by "|", in UTF-8, at most 160 characters in all:
//
//   NIP | PL | NRB | amount | payee | title | reference | Invoobill | reserved
//
// The NIP is the payee's tax number when it is a company and empty for a person; the amount
// is six digits of grosze, and "000000" asks the payer to type it; Invoobill and the reserved
// field are always empty here. The standard gives every field a maximum length, and they add
// up to exactly 160 with the separators, so cutting each field to its own keeps the whole
// within the limit whatever it holds.
//
// A "|" inside a field would move every field after it, so it becomes a space. Line breaks,
// tabs and other control or invisible formatting characters become spaces too (a bank app
// shows the title on one line, and a direction override could make it read as something
// else), then runs of spaces are one and the ends are trimmed. Text is composed (NFC) first,
// so that an "ó" typed as "o" and a combining accent is one character, as the payer sees it.
import { normaliseNrb } from '../../../lib/nrb.ts';
import { qrCode, type QrCode, type QrErrorCorrection } from '../../../platform/crypto/qr-svg.ts';

/** Each field's maximum length in characters, as the standard gives it. */
export const PAYMENT_QR_FIELD_LIMITS = {
  nip: 10,
  country: 2,
  nrb: 26,
  amount: 6,
  payee: 20,
  title: 32,
  reference: 20,
  invoobill: 12,
  reserved: 24,
} as const;

/** The most characters a payment code holds, separators included. */
export const PAYMENT_QR_MAX_LENGTH = 160;

/** The standard asks for the lowest error correction, which keeps the modules largest. */
export const PAYMENT_QR_ERROR_CORRECTION: QrErrorCorrection = 'low';

/** The most the six digits of the amount can say: 9 999,99 zł. */
export const MAX_PAYMENT_QR_AMOUNT = 999_999;

/** Amount digits that leave the amount to the payer. */
const AMOUNT_LEFT_TO_PAYER = '000000';

export interface PaymentQrInput {
  /** The payee's NIP when it is a company (ten digits, hyphens and spaces allowed); absent for a person. */
  nip?: string;
  /** The account to pay into, as normaliseNrb reads it (lib/nrb.ts). */
  nrb: string;
  /** The amount in grosze, a non-negative integer; 0 or more than 999 999 leaves it to the payer. */
  amountGrosze: number;
  /** The payee's name, cut to 20 characters. */
  payee: string;
  /** The transfer's title, cut to 32 characters. */
  title: string;
  /** An identifier of the payment for the payee, cut to 20 characters. */
  reference?: string;
}

export interface PaymentQrPayload {
  /** The text the QR code holds. */
  payload: string;
  /**
   * True when the code carries no amount and the payer must type it, because the amount does
   * not fit six digits (or is zero): the page says so beside the code.
   */
  amountLeftToPayer: boolean;
}

/** Characters that would move fields or that a payer could not see: each run becomes a space. */
const NOT_SHOWN_AS_TEXT = /[|\p{Cc}\p{Cf}\p{Z}\s]+/gu;

/**
 * `text` made fit for a field of at most `limit` characters (see the file comment). Counted
 * in UTF-16 units without splitting a character: a bank app written in Java counts so, and one
 * that counts code points then finds no more than the limit either.
 */
function fieldText(text: string, limit: number): string {
  const clean = text.toWellFormed().normalize('NFC').replace(NOT_SHOWN_AS_TEXT, ' ').trim();
  let cut = '';
  for (const character of clean) {
    if (cut.length + character.length > limit) break;
    cut += character;
  }
  return cut.trimEnd();
}

function nipField(nip: string | undefined): string {
  if (nip === undefined) return '';
  const digits = nip.replace(/[ -]/g, '');
  if (!/^[0-9]{10}$/.test(digits)) throw new RangeError('a NIP must be ten digits');
  return digits;
}

function requiredField(text: string, limit: number, what: string): string {
  const field = fieldText(text, limit);
  if (field === '') throw new RangeError(`the ${what} must not be empty`);
  return field;
}

/**
 * The text of a payment code. Throws a RangeError for what no bank could act on: an account
 * number that is not an NRB (its check digits included), a malformed NIP, an amount that is
 * not a non-negative integer, or a payee or title with nothing left once cleaned. The NIP's
 * own check digit is the caller's to judge: the standard's own example has one that fails it.
 */
export function paymentQrPayload(input: PaymentQrInput): PaymentQrPayload {
  const { amountGrosze } = input;
  if (!Number.isSafeInteger(amountGrosze) || amountGrosze < 0) {
    throw new RangeError(`an amount must be a non-negative integer of grosze: ${amountGrosze}`);
  }
  const nrb = normaliseNrb(input.nrb);
  if (nrb === undefined) throw new RangeError('not a valid NRB');
  const amountLeftToPayer = amountGrosze === 0 || amountGrosze > MAX_PAYMENT_QR_AMOUNT;
  const limits = PAYMENT_QR_FIELD_LIMITS;
  const fields = [
    nipField(input.nip),
    'PL',
    nrb,
    amountLeftToPayer ? AMOUNT_LEFT_TO_PAYER : String(amountGrosze).padStart(limits.amount, '0'),
    requiredField(input.payee, limits.payee, "payee's name"),
    requiredField(input.title, limits.title, 'title'),
    fieldText(input.reference ?? '', limits.reference),
    '', // Invoobill
    '', // reserved
  ];
  return { payload: fields.join('|'), amountLeftToPayer };
}

/** The payment code as views/partials/qr-code.ejs draws it, with the error correction the standard asks for. */
export function paymentQrCode(input: PaymentQrInput): { qr: QrCode; amountLeftToPayer: boolean } {
  const { payload, amountLeftToPayer } = paymentQrPayload(input);
  return { qr: qrCode(payload, PAYMENT_QR_ERROR_CORRECTION), amountLeftToPayer };
}
