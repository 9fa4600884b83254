/**
 * The effective-privilege report: what the current role can really do in the connected database — on the
 * database, its schemas, tables (with views, materialized views, partitioned and foreign tables), sequences
 * and functions — counting every grant that reaches it: its own, PUBLIC's, those of roles it inherits from,
 * its ownership (through the owner's ACL entry) and the predefined roles pg_read_all_data,
 * pg_write_all_data and pg_maintain. Superusers bypass every check.
 *
 * The result equals `has_*_privilege(current_user, …)` for each object and privilege (the tests use those
 * functions as the oracle), but is computed set-wise instead of one function call per object and
 * privilege: ACLs are exploded and joined with the roles whose privileges the user holds, and as a
 * database has far fewer distinct ACLs than objects, each distinct ACL is judged once. One statement,
 * one round trip.
 */
import type pg from 'pg';
import { MEMBERSHIP_TREE_CTES, MEMBERSHIPS_JSON_SQL, type MembershipRow } from './memberships.js';
import { FUNCTION_PRIVILEGES, SEQUENCE_PRIVILEGES, TABLE_PRIVILEGES, type PrivilegeReport } from '@pgconnect/core';

export interface PrivilegeReportOptions {
  /** Only these schemas (exact names). Default: every schema except the system ones. */
  schemas?: readonly string[];
  /** Leave these schemas out (exact names). */
  excludeSchemas?: readonly string[];
  /**
   * At most this many entries in each detailed list (schemas, tables, sequences, functions, partial
   * grants); totals, counts and the verdict still cover everything. Default 500, what a Test Connection
   * panel can show (narrow with `schemas` for more); core's limit is 20,000.
   */
  maxRows?: number;
}

export const DEFAULT_MAX_ROWS = 500;

/** Core's `PrivilegeReportSchema` caps each object list at this many entries. */
const MAX_REPORTED_OBJECTS = 20_000;
/** Core's `PrivilegeReportSchema` caps the membership list at this many entries. */
const MAX_REPORTED_MEMBERSHIPS = 1_000;

type TableKind = PrivilegeReport['tables'][number]['kind'];
type FunctionKind = PrivilegeReport['functions'][number]['kind'];

/** A privilege held on some columns of a table but not on the table itself. */
export interface PartialTableGrant {
  schema: string;
  table: string;
  privilege: 'SELECT' | 'INSERT' | 'UPDATE' | 'REFERENCES';
  columns: string[];
}

/** Per schema: how many tables (of every kind) the role can read and write. */
export interface SchemaTableSummary {
  schema: string;
  usage: boolean;
  tables: number;
  /** Tables with SELECT. */
  readable: number;
  /** Tables with INSERT, UPDATE or DELETE. */
  writable: number;
  /** Tables with no table-level privilege at all. */
  noAccess: number;
}

export interface PrivilegeSummary {
  /** How many objects of each class hold each privilege, e.g. `tables.SELECT`. Exact, whatever `maxRows` is. */
  counts: {
    tables: Partial<Record<(typeof TABLE_PRIVILEGES)[number], number>>;
    sequences: Partial<Record<(typeof SEQUENCE_PRIVILEGES)[number], number>>;
    functions: Partial<Record<(typeof FUNCTION_PRIVILEGES)[number], number>>;
  };
  /** Objects on which the role holds no privilege at all (column grants aside). */
  noAccess: { schemas: number; tables: number; sequences: number; functions: number };
  /** Per schema, in name order, capped like the detailed lists. */
  schemas: SchemaTableSummary[];
  /**
   * Column-level grants not covered by a table-level one ("partial"), for the tables in `report.tables`
   * (all tables unless the report is truncated; see `partial` in the SQL for why).
   */
  partial: PartialTableGrant[];
  /** How many there are among the listed tables (`partial` itself is capped at `maxRows`). */
  partialTotal: number;
  /** A few lines in plain words, most important first: "can read all 12 tables in public, cannot write". */
  verdict: string[];
}

export interface PrivilegeInspection {
  /** The protocol's `privileges`. */
  report: PrivilegeReport;
  summary: PrivilegeSummary;
  /** The role's memberships with everything the server says about them (the report carries fewer fields). */
  memberships: MembershipRow[];
}

/*
 * The statement, in parts. Parameters: $1 text[] schemas to include (NULL: all), $2 text[] schemas to
 * exclude, $3 int row cap.
 */

/**
 * `me`: the current role. `holders`: every role whose privileges the current role exercises without SET
 * ROLE, plus PUBLIC (grantee 0 in an ACL). `pg_has_role(r, 'USAGE')` is the server's own
 * has_privs_of_role(), the test privilege checks use, so it follows the INHERIT rules of each version
 * (PG15's role attribute, PG16+'s per-grant option), stops at NOINHERIT links however deep, and includes
 * the implicit pg_database_owner membership of the database owner.
 *
 * `rank` decides which grant `via` names when several give the same privilege: the role's own grant first
 * (ownership is the owner's own ACL entry), then inherited roles, then predefined roles, then PUBLIC.
 */
const ROLE_CTES = `
  me AS (
    SELECT r.oid, r.rolname, r.rolsuper, r.rolinherit, r.rolcreaterole, r.rolcreatedb, r.rolcanlogin,
           r.rolreplication, r.rolbypassrls, r.rolconnlimit
    FROM pg_catalog.pg_roles r WHERE r.rolname = current_user
  ),
  holders AS (
    SELECT r.oid, r.rolname::text AS name,
           CASE WHEN r.oid = (SELECT oid FROM me) THEN 0 WHEN r.rolname IN ('pg_read_all_data', 'pg_write_all_data', 'pg_maintain') THEN 2 ELSE 1 END AS rank
    FROM pg_catalog.pg_roles r
    WHERE pg_catalog.pg_has_role(r.oid, 'USAGE')
    UNION ALL
    SELECT 0, 'PUBLIC', 3
  )`;

/**
 * `nsp`: the schemas in scope. Names starting with `pg_` are reserved for the system (pg_catalog, pg_toast,
 * every session's pg_temp_N), so that prefix and information_schema are always out.
 *
 * `objects`: one row per table-like relation, sequence and routine in scope, with its ACL. A NULL ACL
 * means the built-in default, which `acldefault()` spells out (owner all; PUBLIC EXECUTE on routines), so
 * equal rights give equal ACL values. Relations and routines live in different catalogs whose OIDs may in
 * principle repeat, hence `class` in every key. pg_class is scanned once for tables and sequences.
 */
const OBJECT_CTES = `
  nsp AS (
    SELECT n.oid, n.nspname::text AS name, n.nspowner,
           coalesce(n.nspacl, acldefault('n', n.nspowner)) AS acl
    FROM pg_catalog.pg_namespace n
    WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
      AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
      AND n.nspname <> ALL (coalesce($2::text[], '{}'))
  ),
  objects AS (
    SELECT CASE WHEN c.relkind = 'S' THEN 'sequence' ELSE 'table' END AS class,
           c.oid, n.name AS schema, c.relname::text AS name, c.relkind::text AS kind, c.relrowsecurity AS row_security,
           coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner)) AS acl
    FROM pg_catalog.pg_class c JOIN nsp n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
    UNION ALL
    SELECT 'function', p.oid, n.name, p.proname::text, p.prokind::text, false, coalesce(p.proacl, acldefault('f', p.proowner))
    FROM pg_catalog.pg_proc p JOIN nsp n ON n.oid = p.pronamespace
  )`;

/**
 * What the role holds depends only on an object's class and ACL, and a database has few distinct ACLs
 * (grants come in bulk: default privileges, GRANT … ON ALL TABLES), typically tens for tens of thousands
 * of objects. So objects are grouped by (class, schema, ACL) in `acl_groups`, each distinct (class, ACL)
 * is exploded and judged once in `acl_privileges`, and only the detail rows that are sent are joined back.
 * Counts and per-schema figures come from the groups. aclitem has a hash opclass (no ordering), so these
 * groupings and joins hash.
 *
 * Within `acl_privileges`: ACL items whose grantee is a holder, plus the predefined roles (PG14+;
 * pg_maintain PG17+), which act outside the ACLs exactly where the server's aclmask functions consult
 * them: pg_read_all_data gives SELECT on relations (sequences too) and USAGE on schemas;
 * pg_write_all_data gives INSERT, UPDATE and DELETE on relations (for a sequence only UPDATE exists) and
 * USAGE on schemas; pg_maintain gives MAINTAIN on tables. A server without one has no holder row for it.
 * A superuser holds every privilege of the class, whatever the ACL says: the checks return before
 * reading it. `via` maps each privilege to the role it comes through, leaving out the role's own grants.
 */
const GRANT_CTES = `
  acl_groups AS (
    SELECT class, schema, acl, count(*) AS objects FROM objects GROUP BY class, schema, acl
  ),
  predefined (class, privilege, role) AS (
    VALUES ('table', 'SELECT', 'pg_read_all_data'),
           ('table', 'INSERT', 'pg_write_all_data'),
           ('table', 'UPDATE', 'pg_write_all_data'),
           ('table', 'DELETE', 'pg_write_all_data'),
           ('table', 'MAINTAIN', 'pg_maintain'),
           ('sequence', 'SELECT', 'pg_read_all_data'),
           ('sequence', 'UPDATE', 'pg_write_all_data')
  ),
  acl_privileges AS (
    SELECT k.class, k.acl,
           CASE WHEN (SELECT rolsuper FROM me) THEN
                  CASE k.class WHEN 'table' THEN
                         CASE WHEN current_setting('server_version_num')::int >= 170000 -- MAINTAIN is new in PG17
                              THEN '{SELECT,INSERT,UPDATE,DELETE,TRUNCATE,REFERENCES,TRIGGER,MAINTAIN}'::text[]
                              ELSE '{SELECT,INSERT,UPDATE,DELETE,TRUNCATE,REFERENCES,TRIGGER}'::text[] END
                       WHEN 'sequence' THEN '{USAGE,SELECT,UPDATE}'::text[]
                       ELSE '{EXECUTE}'::text[] END
                ELSE coalesce(array_agg(g.privilege) FILTER (WHERE g.privilege IS NOT NULL), '{}') END AS privileges,
           CASE WHEN NOT (SELECT rolsuper FROM me) THEN json_object_agg(g.privilege, g.via) FILTER (WHERE g.rank > 0) END AS via
    FROM (SELECT DISTINCT class, acl FROM acl_groups) k
    LEFT JOIN LATERAL (
      SELECT DISTINCT ON (privilege) privilege, via, rank
      FROM (SELECT a.privilege_type AS privilege, h.name AS via, h.rank
            FROM aclexplode(k.acl) a JOIN holders h ON h.oid = a.grantee
            UNION ALL
            SELECT x.privilege, h.name, h.rank
            FROM predefined x JOIN holders h ON h.name = x.role
            WHERE x.class = k.class) candidates
      ORDER BY privilege, rank, via
    ) g ON true
    GROUP BY k.class, k.acl
  )`;

/** The first $3 objects of a class in `order`, with their privileges. */
const detailRows = (cls: 'table' | 'sequence' | 'function', order: string) => `
  (SELECT o.*, ap.privileges, ap.via
   FROM (SELECT * FROM objects WHERE class = '${cls}' ORDER BY ${order} LIMIT $3) o
   JOIN acl_privileges ap ON ap.class = o.class AND ap.acl = o.acl)`;

/**
 * `schema_privileges`: USAGE and CREATE per schema in scope, the same way (pg_read_all_data and
 * pg_write_all_data give USAGE on every schema). `owner` means the role holds the owner's rights: it is
 * the owner or inherits from it (pg_database_owner for the database owner included).
 *
 * `table_rows`: the tables that are listed in detail, the first $3 in schema and name order.
 *
 * `partial`: column-level grants (`GRANT SELECT (col) ON t`) for privileges the role lacks on the table
 * itself. has_table_privilege() says false there, yet the role can read or write those columns. Nothing
 * indexes column ACLs, so finding them means probing pg_attribute table by table — the most expensive
 * part of the report if done for every table — so it is done for the listed tables only: exact for every
 * table the report shows, and for all of them when nothing is truncated.
 */
const DETAIL_CTES = `
  schema_privileges AS (
    SELECT n.name,
           n.nspowner = (SELECT oid FROM me)
             OR n.nspowner IN (SELECT t.roleid FROM membership_tree t WHERE pg_catalog.pg_has_role(t.roleid, 'USAGE')) AS owner,
           (SELECT rolsuper FROM me)
             OR EXISTS (SELECT FROM aclexplode(n.acl) a JOIN holders h ON h.oid = a.grantee WHERE a.privilege_type = 'USAGE')
             OR EXISTS (SELECT FROM holders h WHERE h.name IN ('pg_read_all_data', 'pg_write_all_data')) AS usage,
           (SELECT rolsuper FROM me)
             OR EXISTS (SELECT FROM aclexplode(n.acl) a JOIN holders h ON h.oid = a.grantee WHERE a.privilege_type = 'CREATE') AS "create"
    FROM nsp n
  ),
  table_rows AS ${detailRows('table', 'schema, name')},
  partial AS (
    SELECT t.schema, t.name AS "table", a.privilege_type AS privilege,
           array_agg(DISTINCT att.attname::text ORDER BY att.attname::text) AS columns
    FROM table_rows t
    JOIN pg_catalog.pg_attribute att ON att.attrelid = t.oid AND att.attnum > 0
    CROSS JOIN LATERAL aclexplode(att.attacl) a
    JOIN holders h ON h.oid = a.grantee
    WHERE att.attacl IS NOT NULL AND NOT att.attisdropped
      AND NOT (SELECT rolsuper FROM me)
      AND a.privilege_type <> ALL (t.privileges)
    GROUP BY t.schema, t.name, a.privilege_type
  ),
  -- Per object class and privilege, how many objects hold it; '' counts the objects holding nothing.
  privilege_counts AS (
    SELECT g.class, p.privilege, sum(g.objects) AS objects
    FROM acl_groups g
    JOIN acl_privileges ap ON ap.class = g.class AND ap.acl = g.acl
    CROSS JOIN LATERAL (SELECT unnest(ap.privileges) UNION ALL SELECT '' WHERE ap.privileges = '{}') p (privilege)
    GROUP BY g.class, p.privilege
  )`;

/**
 * The result: one row of JSON columns. Detailed lists are ordered by schema and name and cut at $3;
 * totals and counts are taken over everything in scope. Function signatures are formatted only for the
 * rows that are sent.
 */
export const PRIVILEGE_REPORT_SQL = `
WITH RECURSIVE ${MEMBERSHIP_TREE_CTES},
${ROLE_CTES},
${OBJECT_CTES},
${GRANT_CTES},
${DETAIL_CTES}
SELECT
  (SELECT json_build_object('name', rolname, 'superuser', rolsuper, 'inherit', rolinherit, 'createRole', rolcreaterole,
                            'createDb', rolcreatedb, 'canLogin', rolcanlogin, 'replication', rolreplication,
                            'bypassRls', rolbypassrls, 'connectionLimit', rolconnlimit) FROM me) AS role,
  ${MEMBERSHIPS_JSON_SQL} AS memberships,
  (SELECT json_build_object(
            'name', d.datname,
            'connect', coalesce(bool_or(a.privilege_type = 'CONNECT'), false) OR (SELECT rolsuper FROM me),
            'create', coalesce(bool_or(a.privilege_type = 'CREATE'), false) OR (SELECT rolsuper FROM me),
            'temp', coalesce(bool_or(a.privilege_type = 'TEMPORARY'), false) OR (SELECT rolsuper FROM me))
   FROM pg_catalog.pg_database d
   LEFT JOIN LATERAL aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
          ON a.grantee IN (SELECT oid FROM holders)
   WHERE d.datname = current_database()
   GROUP BY d.datname) AS database,
  (SELECT coalesce(json_agg(s), '[]') FROM (SELECT * FROM schema_privileges ORDER BY name LIMIT $3) s) AS schemas,
  (SELECT coalesce(json_agg(json_build_object('schema', schema, 'name', name, 'kind', kind, 'rowSecurity', row_security,
                                              'privileges', privileges, 'via', via) ORDER BY schema, name), '[]')
   FROM table_rows t) AS tables,
  (SELECT coalesce(json_agg(json_build_object('schema', schema, 'name', name, 'privileges', privileges, 'via', via) ORDER BY schema, name), '[]')
   FROM ${detailRows('sequence', 'schema, name')} t) AS sequences,
  (SELECT coalesce(json_agg(json_build_object('schema', schema, 'name', name, 'kind', kind, 'privileges', privileges, 'via', via,
                                              'arguments', pg_catalog.pg_get_function_identity_arguments(oid)) ORDER BY schema, name, oid), '[]')
   FROM ${detailRows('function', 'schema, name, oid')} t) AS functions,
  (SELECT json_build_object(
            'schemas', (SELECT count(*) FROM nsp),
            'tables', coalesce(sum(objects) FILTER (WHERE class = 'table'), 0),
            'sequences', coalesce(sum(objects) FILTER (WHERE class = 'sequence'), 0),
            'functions', coalesce(sum(objects) FILTER (WHERE class = 'function'), 0))
   FROM acl_groups) AS totals,
  (SELECT json_build_object(
            'schemas', (SELECT count(*) FROM schema_privileges WHERE NOT usage AND NOT "create"),
            'tables', coalesce(sum(objects) FILTER (WHERE class = 'table' AND privilege = ''), 0),
            'sequences', coalesce(sum(objects) FILTER (WHERE class = 'sequence' AND privilege = ''), 0),
            'functions', coalesce(sum(objects) FILTER (WHERE class = 'function' AND privilege = ''), 0))
   FROM privilege_counts) AS "noAccess",
  (SELECT coalesce(json_agg(json_build_object('class', class, 'privilege', privilege, 'count', objects)), '[]')
   FROM privilege_counts WHERE privilege <> '') AS counts,
  (SELECT coalesce(json_agg(s ORDER BY s.schema), '[]')
   FROM (SELECT sp.name AS schema, sp.usage,
                coalesce(sum(g.objects), 0) AS tables,
                coalesce(sum(g.objects) FILTER (WHERE 'SELECT' = ANY (ap.privileges)), 0) AS readable,
                coalesce(sum(g.objects) FILTER (WHERE ap.privileges && '{INSERT,UPDATE,DELETE}'), 0) AS writable,
                coalesce(sum(g.objects) FILTER (WHERE ap.privileges = '{}'), 0) AS "noAccess"
         FROM schema_privileges sp
         LEFT JOIN acl_groups g ON g.class = 'table' AND g.schema = sp.name
         LEFT JOIN acl_privileges ap ON ap.class = g.class AND ap.acl = g.acl
         GROUP BY sp.name, sp.usage
         ORDER BY sp.name LIMIT $3) s) AS "schemaSummary",
  (SELECT coalesce(json_agg(p), '[]') FROM (SELECT * FROM partial ORDER BY schema, "table", privilege LIMIT $3) p) AS partial,
  (SELECT count(*) FROM partial) AS "partialTotal"`;

type Row = Pick<PrivilegeReport, 'role' | 'database' | 'schemas' | 'totals'> & {
  memberships: MembershipRow[];
  tables: Array<{ schema: string; name: string; kind: string; rowSecurity: boolean; privileges: string[]; via: Record<string, string> | null }>;
  sequences: Array<{ schema: string; name: string; privileges: string[]; via: Record<string, string> | null }>;
  functions: Array<{ schema: string; name: string; kind: string; arguments: string; privileges: string[]; via: Record<string, string> | null }>;
  noAccess: PrivilegeSummary['noAccess'];
  counts: Array<{ class: 'table' | 'sequence' | 'function'; privilege: string; count: number }>;
  schemaSummary: SchemaTableSummary[];
  partial: PartialTableGrant[];
  partialTotal: string;
};

const TABLE_KINDS: Record<string, TableKind> = { r: 'table', p: 'partitionedTable', v: 'view', m: 'materializedView', f: 'foreignTable' };
// The protocol has no 'window' kind; a window function is called like any function.
const FUNCTION_KINDS: Record<string, FunctionKind> = { f: 'function', p: 'procedure', a: 'aggregate', w: 'function' };

/** Reads the effective privileges of the current role of `client`'s session. */
export async function readPrivileges(client: pg.ClientBase, options: PrivilegeReportOptions = {}): Promise<PrivilegeInspection> {
  const maxRows = Math.max(0, Math.min(Math.floor(options.maxRows ?? DEFAULT_MAX_ROWS), MAX_REPORTED_OBJECTS));
  const { rows } = await client.query<Row>(PRIVILEGE_REPORT_SQL, [options.schemas ?? null, options.excludeSchemas ?? [], maxRows]);
  const row = rows[0];
  if (!row?.role) throw new Error('the current role no longer exists');
  return assemble(row);
}

function assemble(row: Row): PrivilegeInspection {
  const tables = row.tables.map((t) => ({
    schema: t.schema,
    name: t.name,
    kind: TABLE_KINDS[t.kind] ?? 'table',
    rowSecurity: t.rowSecurity,
    ...privilegesAndVia(TABLE_PRIVILEGES, t.privileges, t.via),
  }));
  const sequences = row.sequences.map((s) => ({ schema: s.schema, name: s.name, ...privilegesAndVia(SEQUENCE_PRIVILEGES, s.privileges, s.via) }));
  const functions = row.functions.map((f) => ({
    schema: f.schema,
    name: f.name,
    arguments: f.arguments,
    kind: FUNCTION_KINDS[f.kind] ?? 'function',
    ...privilegesAndVia(FUNCTION_PRIVILEGES, f.privileges, f.via),
  }));
  const { totals } = row;
  const report: PrivilegeReport = {
    role: row.role,
    memberships: row.memberships.slice(0, MAX_REPORTED_MEMBERSHIPS).map((m) => ({
      role: m.role,
      ...(m.via !== null && { via: m.via }),
      inherit: m.usage,
      admin: m.admin,
    })),
    database: row.database,
    schemas: row.schemas,
    tables,
    sequences,
    functions,
    totals,
    truncated:
      row.schemas.length < totals.schemas ||
      tables.length < totals.tables ||
      sequences.length < totals.sequences ||
      functions.length < totals.functions ||
      row.memberships.length > MAX_REPORTED_MEMBERSHIPS,
  };
  const counts: PrivilegeSummary['counts'] = { tables: {}, sequences: {}, functions: {} };
  for (const c of row.counts) {
    const bucket: Record<string, number> = c.class === 'table' ? counts.tables : c.class === 'sequence' ? counts.sequences : counts.functions;
    bucket[c.privilege] = Number(c.count);
  }
  const schemas = row.schemaSummary.map((s) => ({
    ...s,
    tables: Number(s.tables),
    readable: Number(s.readable),
    writable: Number(s.writable),
    noAccess: Number(s.noAccess),
  }));
  const partialTotal = Number(row.partialTotal);
  const summary: PrivilegeSummary = { counts, noAccess: row.noAccess, schemas, partial: row.partial, partialTotal, verdict: [] };
  summary.verdict = verdict(report, summary);
  return { report, summary, memberships: row.memberships };
}

/** Privileges in the protocol's canonical order, and `via` only where some privilege comes from another role. */
function privilegesAndVia<P extends string>(order: readonly P[], held: readonly string[], via: Record<string, string> | null) {
  const privileges = order.filter((p) => held.includes(p));
  return { privileges, ...(via && Object.keys(via).length > 0 && { via: via as Partial<Record<P, string>> }) };
}

/** How many schemas the verdict describes one by one before it sums up the rest. */
const VERDICT_SCHEMAS = 8;

/**
 * The report in a few plain sentences for the Test Connection panel, most important first. Table
 * privileges are judged together with schema USAGE: without it a granted table is still out of reach,
 * which has_table_privilege() alone does not show and which is the most common "permission denied"
 * surprise.
 */
export function verdict(report: PrivilegeReport, summary: Pick<PrivilegeSummary, 'schemas' | 'counts' | 'partialTotal'>): string[] {
  const { role, database, totals } = report;
  if (role.superuser) return [`${role.name} is a superuser: every privilege check is bypassed.`];
  const lines: string[] = [];
  if (!database.connect) lines.push(`No CONNECT on database ${database.name}: new sessions as ${role.name} will be refused.`);
  const dbAbilities = [database.create && 'create schemas', database.temp && 'create temporary tables'].filter(Boolean);
  if (dbAbilities.length > 0) lines.push(`Can ${dbAbilities.join(' and ')} in database ${database.name}.`);

  const withTables = summary.schemas.filter((s) => s.tables > 0);
  for (const s of withTables.slice(0, VERDICT_SCHEMAS)) lines.push(schemaVerdict(s));
  const rest = withTables.slice(VERDICT_SCHEMAS);
  if (rest.length > 0) {
    const tables = rest.reduce((sum, s) => sum + s.tables, 0);
    const readable = rest.reduce((sum, s) => sum + (s.usage ? s.readable : 0), 0);
    lines.push(`…and ${plural(rest.length, 'more schema')} with ${plural(tables, 'table')}, ${readable} of them readable.`);
  }
  if (totals.tables === 0) lines.push(totals.schemas === 0 ? 'No schemas are in scope.' : 'There are no tables in the schemas in scope.');
  if (summary.partialTotal > 0) {
    const grants = summary.partialTotal === 1 ? '1 column-level grant gives' : `${summary.partialTotal} column-level grants give`;
    lines.push(`${grants} access to some columns of tables not granted as a whole.`);
  }

  const sequences = summary.counts.sequences;
  if (totals.sequences > 0 && !sequences.USAGE && !sequences.UPDATE) {
    lines.push(`Cannot use any of the ${plural(totals.sequences, 'sequence')}: inserts that draw from them will fail.`);
  }
  const executable = summary.counts.functions.EXECUTE ?? 0;
  if (totals.functions > 0 && executable < totals.functions) lines.push(`Can execute ${executable} of ${plural(totals.functions, 'function')}.`);
  return lines;
}

function schemaVerdict(s: SchemaTableSummary): string {
  if (!s.usage) {
    const granted = s.tables - s.noAccess;
    return `No USAGE on schema ${s.schema}: its ${plural(s.tables, 'table')} cannot be reached` + (granted > 0 ? ` (${granted} with grants).` : '.');
  }
  const all = s.tables === 1 ? 'the only table' : `all ${s.tables} tables`;
  const read =
    s.readable === s.tables ? `Can read ${all} in ${s.schema}` : s.readable === 0 ? `Cannot read ${s.tables === 1 ? 'the only table' : `any of the ${s.tables} tables`} in ${s.schema}` : `Can read ${s.readable} of ${s.tables} tables in ${s.schema}`;
  const write = s.writable === 0 ? 'cannot write' : s.writable < s.tables ? `can write ${s.writable}` : s.tables === 1 ? 'can write it' : 'can write all of them';
  return `${read}, ${write}.`;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
