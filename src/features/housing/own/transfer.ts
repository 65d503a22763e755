// The transfer form of a premises (issue #21, source 004: a plain white A4 a resident prints
// and takes to the bank or the post office, "polecenie przelewu / wpłata gotówkowa"), filled in
// with the payee, the premises' own account number, the resident's name and the premises'
// address, the amount owed and the title; beside it the banks' payment QR code (ZBP "Standard
// 2D"), which a banking app reads to fill in the same transfer. The code needs the payee's NIP
// (a company's, as a cooperative's is): without one set, the form prints no code.
import { formatNrb, isValidNrb } from '../../../lib/nrb.ts';
import type { QrCode } from '../../../platform/crypto/qr-svg.ts';
import type { Tenant } from '../../../platform/tenancy/tenant.ts';
import { paymentQrCode } from '../transfer/payment-qr.ts';
import type { TransferDetails } from './my-premises.service.ts';

export interface TransferForm {
  payee: string;
  payeeAddress: string;
  /** As banks print it; null when the premises has no valid account number yet (no form then). */
  accountNumber: string | null;
  amountDue: number;
  payer: string;
  payerAddress: string;
  title: string;
  qr: QrCode | null;
  /** The amount was too large for the code's six digits: the payer types it in the app. */
  amountLeftToPayer: boolean;
}

export function transferForm(tenant: Tenant, details: TransferDetails, payer: string): TransferForm {
  const { premises, amountDue } = details;
  const address = `${premises.street} ${premises.houseNumber}/${premises.number}`;
  const title = `${premises.code} ${address}`;
  const valid = premises.accountNumber !== null && isValidNrb(premises.accountNumber);
  const code =
    valid && tenant.settings.payeeNip
      ? paymentQrCode({
          nip: tenant.settings.payeeNip,
          nrb: premises.accountNumber!,
          amountGrosze: amountDue,
          payee: tenant.name,
          title,
          reference: premises.code,
        })
      : undefined;
  const { street, postalCode, city } = tenant.contact.address;
  return {
    payee: tenant.name,
    payeeAddress: `${street}, ${postalCode} ${city}`,
    accountNumber: valid ? formatNrb(premises.accountNumber!) : null,
    amountDue,
    payer,
    payerAddress: `${address}, ${premises.postalCode} ${premises.city}`,
    title,
    qr: code?.qr ?? null,
    amountLeftToPayer: code?.amountLeftToPayer ?? false,
  };
}
