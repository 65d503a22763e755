// COPY … FROM STDIN with the `pg` client alone, for seeding a million rows (search-dataset.ts).
// pg has no COPY API of its own and pg-copy-streams is not a dependency; but client.query()
// takes any "submittable", and when the server answers CopyInResponse it hands the connection
// to it (pg/lib/client.js, _handleCopyInResponse): that is all pg-copy-streams uses too. The
// rows come from a generator of ready text chunks; each is sent as CopyData, waiting for the
// socket to drain whenever it is full, so a million rows never sit in memory at once.
import type pg from 'pg';

interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
}

class CopyIn {
  readonly done: Promise<number>;
  private resolve!: (rows: number) => void;
  private reject!: (error: Error) => void;
  private rows = 0;
  private failed: Error | undefined;
  private readonly text: string;
  private readonly chunks: Iterable<string>;

  constructor(text: string, chunks: Iterable<string>) {
    this.text = text;
    this.chunks = chunks;
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: CopyConnection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    void this.send(connection);
  }

  private async send(connection: CopyConnection): Promise<void> {
    try {
      for (const chunk of this.chunks) {
        connection.sendCopyFromChunk(Buffer.from(chunk, 'utf8'));
        if (connection.stream.writableNeedDrain) {
          await new Promise((resolve) => connection.stream.once('drain', resolve));
        }
      }
      connection.endCopyFrom();
    } catch (error) {
      // The server answers the CopyFail with an error, and then ReadyForQuery.
      this.failed = error as Error;
      connection.sendCopyFail(String((error as Error).message));
    }
  }

  handleCommandComplete(message: { text?: string }): void {
    this.rows = Number(/^COPY (\d+)/.exec(message.text ?? '')?.[1] ?? 0);
  }

  handleError(error: Error): void {
    this.reject(this.failed ?? error);
  }

  handleReadyForQuery(): void {
    if (this.failed) this.reject(this.failed);
    else this.resolve(this.rows);
  }

  // Never sent for a COPY; present because the client may call them on any active query.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** Runs `COPY table (columns) FROM STDIN …` with the chunks as its data; the rows copied. */
export function copyIn(client: pg.Client, copyStatement: string, chunks: Iterable<string>): Promise<number> {
  const copy = new CopyIn(copyStatement, chunks);
  void client.query(copy as unknown as pg.QueryConfig);
  return copy.done;
}

/**
 * A table's indexes that no constraint owns, dropped before a bulk COPY; their definitions, to
 * make them again after (building an index once over the loaded rows takes a fraction of
 * updating it row by row).
 */
export async function dropSecondaryIndexes(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = $1::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
    [table],
  );
  for (const { name } of rows) await client.query(`DROP INDEX ${client.escapeIdentifier(name)}`);
  return rows.map((row) => row.definition);
}
