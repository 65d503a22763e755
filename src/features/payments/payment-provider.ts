// The one interface every payment provider is reached through (issue #20), shaped after the
// Polish providers so their adapters fit without changing it:
// - Przelewy24: register a transaction (its `sign` a SHA-384 over a JSON of fields and the CRC
//   key) → a token to redirect to; a notification is a JSON whose `sign` covers its fields and
//   the CRC key; nothing is credited before a `verify` call to the provider succeeds.
// - PayU: create an order → a redirect URI and the provider's order id; a notification's raw
//   body is signed (MD5 or SHA-256 over the body and a second key) in the OpenPayu-Signature
//   header; a status is resent many times, and the answer expected is a plain 200.
// The test provider (test-provider/) implements it too. A provider answers in its own terms; the
// service (notifications.service.ts) decides what they mean for the intent and the ledger.
import type { Currency } from '../money/index.ts';

/** What a payer is sent to the provider with. Amounts are integers in minor units (grosze). */
export interface TransactionToRegister {
  /** The merchant at the provider: the tenant's account there (the test provider's is the tenant id). */
  merchant: string;
  /** Ours, unique per provider and tenant: what its notifications name. */
  sessionId: string;
  amount: number;
  currency: Currency;
  description: string;
  email: string;
  /** Where the payer comes back to, whatever happened. */
  returnUrl: string;
  /** Where the provider posts its notifications. */
  notifyUrl: string;
  language: 'pl' | 'en' | 'cs';
}

export interface RegisteredTransaction {
  redirectUrl: string;
  /** The provider's own id of the order, when it gives one at registration (PayU does; P24 later). */
  providerOrderId?: string;
}

/** What a provider says happened to a transaction. */
export type ReportedStatus = 'paid' | 'failed' | 'pending';

export interface ProviderNotification {
  /** The merchant the provider says it is for, where it says one: it must be the tenant posted to. */
  merchant?: string;
  sessionId: string;
  providerOrderId?: string;
  amount: number;
  currency: string;
  status: ReportedStatus;
}

export type ParsedNotification =
  | { kind: 'signed'; notification: ProviderNotification }
  /** Well-formed, but the signature does not hold: nothing it says is believed. */
  | { kind: 'badSignature'; sessionId?: string }
  /** Not a notification of this provider at all (not JSON, fields missing). */
  | { kind: 'malformed' };

/** The raw request: signatures are over the bytes as sent, never over a re-serialised body. */
export interface RawNotification {
  body: Buffer;
  /** Lower-case header names, as Node gives them. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** What the provider expects back; it retries anything else, so a replay gets it too. */
export interface ProviderAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface PaymentProvider {
  /** Lower case, as it appears in the notification URL (/payments/notifications/:provider). */
  readonly name: string;
  /**
   * Registers the transaction of a session id. Called again for the same session id (a second
   * click while the first was out, a retry after the provider did not answer), it answers with
   * the transaction registered first: P24 refuses a session id twice, so its adapter reads the
   * first back. A rejection leaves the intent unregistered; the client may pay again.
   */
  register(transaction: TransactionToRegister): Promise<RegisteredTransaction>;
  /** Checks the signature (in constant time) and reads what the notification reports. */
  parseNotification(raw: RawNotification): ParsedNotification;
  /**
   * Asks the provider to confirm a paid notification before it is credited (P24's
   * transaction/verify; PayU's order retrieval). False: not confirmed, nothing is credited.
   */
  verify(merchant: string, notification: ProviderNotification): Promise<boolean>;
  answer(): ProviderAnswer;
}

/** The providers a portal is built with, by name. */
export type PaymentProviders = ReadonlyMap<string, PaymentProvider>;
