// Reads the development mailbox (src/platform/mail/dev-catcher.ts writes it): one .eml file per mail.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import PostalMime from 'postal-mime';
import { mailboxDir } from '../../platform/mail/dev-catcher.ts';

export interface CaughtMessage {
  id: string;
  date: string;
  from: string;
  to: string;
  subject: string;
  /** The text part split into plain text and links, so the page links without raw HTML. */
  body: ({ text: string } | { href: string })[];
}

const MESSAGE_ID = /^\d{15}-[0-9a-f]{8}$/;
const URL_IN_TEXT = /https?:\/\/[^\s<>"]+/g;

export function isMessageId(value: string): boolean {
  return MESSAGE_ID.test(value);
}

function linkify(text: string): CaughtMessage['body'] {
  const parts: CaughtMessage['body'] = [];
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const href = match[0].replace(/[.,;:)]+$/, '');
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ href });
    last = match.index + href.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

async function readMessage(dir: string, id: string): Promise<CaughtMessage> {
  const email = await PostalMime.parse(await readFile(path.join(dir, `${id}.eml`)));
  const address = (a?: { name?: string; address?: string }) => (a ? `${a.name ?? ''} <${a.address ?? ''}>`.trim() : '');
  return {
    id,
    date: email.date ?? '',
    from: address(email.from as { name?: string; address?: string } | undefined),
    to: (email.to ?? []).map((a) => address(a as { name?: string; address?: string })).join(', '),
    subject: email.subject ?? '',
    body: linkify(email.text ?? ''),
  };
}

/** Newest first. */
export async function listMessages(dataDir: string, limit = 100): Promise<CaughtMessage[]> {
  const dir = mailboxDir(dataDir);
  const names = await readdir(dir).catch(() => [] as string[]);
  const ids = names
    .filter((name) => name.endsWith('.eml'))
    .map((name) => name.slice(0, -4))
    .filter(isMessageId)
    .sort()
    .reverse()
    .slice(0, limit);
  return Promise.all(ids.map((id) => readMessage(dir, id)));
}

export async function findMessage(dataDir: string, id: string): Promise<CaughtMessage | undefined> {
  if (!isMessageId(id)) return undefined;
  return readMessage(mailboxDir(dataDir), id).catch(() => undefined);
}
