/**
 * `query`: one SQL statement on an open connection, for host apps. Two rules are the server's to enforce, not
 * ours to guess from the SQL text:
 *
 * - Read-only. A read-only connection starts every session with `default_transaction_read_only=on` (the engine
 *   puts it in the startup options), and each query runs inside `BEGIN READ ONLY … ROLLBACK`, so even a
 *   statement that turns the session setting off is rolled back with the transaction. The SQL is never parsed.
 * - One statement. The extended protocol refuses a second statement in the same text, so a `; COMMIT; …`
 *   cannot leave the transaction.
 *
 * Rows are fetched with an Execute row limit of `rowLimit + 1`: a row past the limit means `truncated`, and the
 * portal is closed without reading the rest.
 */
import {
  BridgeError,
  DEFAULT_QUERY_ROW_LIMIT,
  MAX_BRIDGE_FRAME_BYTES,
  type RequestOf,
  type ResultPayload,
} from '@pgconnect/core';
import pg from 'pg';
import { translateError } from '../../errors/translate.js';
import type { SessionScope } from '../context.js';

type QueryResult = ResultPayload<'query'>;
type Cell = QueryResult['rows'][number][number];

/** Room left in a frame for everything but the rows (fields, command, ids). */
const ROWS_BYTE_BUDGET = MAX_BRIDGE_FRAME_BYTES - 256 * 1024;

/** Built-in type OIDs sent as JSON numbers or booleans; every other type travels as PostgreSQL's text. */
const OID = { bool: 16, int2: 21, int4: 23, oid: 26, float4: 700, float8: 701 } as const;

const identity = (value: string): string => value;
const toFloat = (value: string): number | string => {
  const n = Number(value);
  // JSON has no NaN or Infinity (JSON.stringify would make them null): those stay text.
  return Number.isFinite(n) ? n : value;
};

/** pg's type parsers, narrowed to what JSON carries without loss: int8 and numeric stay text, dates stay text. */
const jsonSafeTypes = {
  getTypeParser(oid: number): (value: string) => Cell {
    switch (oid) {
      case OID.bool:
        return (value) => value === 't';
      case OID.int2:
      case OID.int4:
      case OID.oid:
        return (value) => Number(value);
      case OID.float4:
      case OID.float8:
        return toFloat;
      default:
        return identity;
    }
  },
};

interface PgConnection {
  sync(): void;
}

/**
 * A pg Query that stops at a row limit. With `rows` set pg executes with that limit and flushes instead of
 * syncing; pg's own Query then fetches the next page on PortalSuspended. This one records the truncation
 * and syncs, which closes the portal, instead; and it syncs after an error, which pg's Query leaves undone
 * when `rows` is set (the connection would otherwise wait for ever for ReadyForQuery).
 */
class LimitedQuery extends pg.Query {
  truncated = false;

  handlePortalSuspended(connection: PgConnection): void {
    this.truncated = true;
    connection.sync();
  }

  handleError(error: Error, connection: PgConnection): void {
    connection.sync();
    (pg.Query.prototype as unknown as { handleError(e: Error, c: PgConnection): void }).handleError.call(this, error, connection);
  }
}

export async function queryOp(scope: SessionScope, msg: RequestOf<'query'>): Promise<QueryResult> {
  const connection = scope.connections.get(msg.connectionId);
  const rowLimit = msg.rowLimit ?? DEFAULT_QUERY_ROW_LIMIT;
  const client = await scope.connections.client(msg.connectionId);
  let broken: Error | undefined;
  try {
    const readOnly = connection.info.readOnly;
    if (readOnly) await client.pg.query('BEGIN TRANSACTION READ ONLY');
    try {
      return await run(client.pg, msg.sql, msg.params ?? [], rowLimit);
    } finally {
      if (readOnly) await client.pg.query('ROLLBACK');
    }
  } catch (error) {
    // A client whose ROLLBACK failed is in an unknown state: the pool must not hand it out again.
    if (!(error instanceof BridgeError) || error.code === 'NET_RESET') broken = error instanceof Error ? error : new Error(String(error));
    throw error instanceof BridgeError ? error : translateError(error, { stage: 'ready' });
  } finally {
    client.release(broken);
  }
}

async function run(client: pg.Client, sql: string, params: readonly Cell[], rowLimit: number): Promise<QueryResult> {
  let query: LimitedQuery | undefined;
  let result: pg.QueryArrayResult<Cell[]>;
  try {
    // pg hands a submittable back instead of a promise, so the result comes through its callback.
    result = await new Promise<pg.QueryArrayResult<Cell[]>>((resolve, reject) => {
      query = new LimitedQuery({
        text: sql,
        values: [...params],
        rows: rowLimit + 1,
        rowMode: 'array',
        types: jsonSafeTypes,
        callback: (error: Error | null, res: pg.QueryArrayResult<Cell[]>) => (error ? reject(error) : resolve(res)),
      } as unknown as pg.QueryConfig);
      void client.query(query as unknown as pg.QueryConfig);
    });
  } catch (error) {
    throw translateError(error, { stage: 'ready' });
  }
  const rows: Cell[][] = [];
  let truncated = query?.truncated === true || result.rows.length > rowLimit;
  let bytes = 0;
  for (const row of result.rows.slice(0, rowLimit)) {
    bytes += Buffer.byteLength(JSON.stringify(row)) + 1;
    if (bytes > ROWS_BYTE_BUDGET) {
      truncated = true;
      break;
    }
    rows.push(row);
  }
  return {
    command: result.command ?? '',
    rowCount: typeof result.rowCount === 'number' ? result.rowCount : null,
    fields: result.fields.map((f) => ({ name: f.name, dataTypeId: f.dataTypeID })),
    rows,
    truncated,
  };
}
