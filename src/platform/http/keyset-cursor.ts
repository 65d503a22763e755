// Where a page of a keyset-paginated list ends, for an "older" link's URL: the last row's
// instant (in milliseconds) and id. What a URL carries that is not one decodes to undefined,
// and the page says so rather than asking the database.
export interface KeysetCursor {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeKeysetCursor(cursor: KeysetCursor): string {
  return `${cursor.at.getTime()}_${cursor.id}`;
}

export function decodeKeysetCursor(text: string): KeysetCursor | undefined {
  const match = /^(\d{1,15})_([0-9a-f-]{36})$/.exec(text);
  if (!match || !UUID.test(match[2]!)) return undefined;
  return { at: new Date(Number(match[1])), id: match[2]! };
}
