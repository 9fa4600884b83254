/**
 * The roles the current role belongs to, directly or through other roles, as SQL the privilege report embeds,
 * so it stays one round trip. (Test Connection's server facts leave memberships to that report: the recursive
 * walk costs several times the rest of the facts on a freshly started backend.)
 *
 * The catalogs differ by version: PostgreSQL 15 has `pg_auth_members(roleid, member, grantor, admin_option)`
 * and decides inheritance by the member's `rolinherit` attribute; PostgreSQL 16 added per-grant
 * `inherit_option` and `set_option` (and allows one membership to be granted by several grantors). The SQL
 * reads the newer columns through `to_jsonb(m)`, which yields NULL where a column does not exist, so one
 * statement runs on every supported version without asking for the version first.
 */

/**
 * CTEs `membership_edges` and `membership_tree`, to follow a `WITH RECURSIVE`. Each tree row is one role the
 * current role reaches, one row per path (the consumer picks the shortest).
 *
 * Besides pg_auth_members, the database owner is an implicit member of `pg_database_owner` (PG14+): the
 * server adds that edge itself when it expands memberships, so the tree adds it too, or the owner of the
 * `public` schema (pg_database_owner since PG15) would look unrelated to the user who owns the database.
 */
export const MEMBERSHIP_TREE_CTES = `
  membership_edges AS (
    -- One row per (role, member), however many grantors granted it (PG16+ allows several).
    SELECT m.roleid,
           m.member,
           bool_or(m.admin_option) AS admin_option,
           -- PG16+: the grant's own option. PG15: the member's INHERIT attribute decides for all its grants.
           bool_or(coalesce((to_jsonb(m) ->> 'inherit_option')::boolean, mr.rolinherit)) AS inherit_option,
           -- PG15 has no SET option: any member may SET ROLE.
           bool_or(coalesce((to_jsonb(m) ->> 'set_option')::boolean, true)) AS set_option
    FROM pg_catalog.pg_auth_members m
    JOIN pg_catalog.pg_roles mr ON mr.oid = m.member
    GROUP BY m.roleid, m.member
    UNION ALL
    -- The implicit membership of the database owner in pg_database_owner. PG16+ always lets it pass
    -- privileges; PG15 skips it for a NOINHERIT owner like any other membership of that role.
    SELECT dbo.oid, d.datdba, false,
           current_setting('server_version_num')::int >= 160000 OR owner_role.rolinherit,
           false
    FROM pg_catalog.pg_database d
    JOIN pg_catalog.pg_roles owner_role ON owner_role.oid = d.datdba
    JOIN pg_catalog.pg_roles dbo ON dbo.rolname = 'pg_database_owner'
    WHERE d.datname = current_database()
  ),
  membership_tree AS (
    SELECT e.roleid, NULL::oid AS via, 1 AS depth, e.admin_option, e.inherit_option, e.set_option,
           ARRAY[e.roleid] AS path
    FROM membership_edges e
    WHERE e.member = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user)
    UNION ALL
    SELECT e.roleid, t.roleid, t.depth + 1, e.admin_option, e.inherit_option, e.set_option, t.path || e.roleid
    FROM membership_tree t
    JOIN membership_edges e ON e.member = t.roleid
    -- The server refuses circular grants; the guard keeps a damaged catalog from looping forever.
    WHERE e.roleid <> ALL (t.path) AND t.depth < 64
  )`;

/**
 * A scalar subquery (needs the CTEs above) that returns the memberships as a JSON array of
 * {@link MembershipRow}, nearest first.
 *
 * `usage` and `set` are asked of the server (`pg_has_role`), not derived from the edges: they are what
 * privilege checks and SET ROLE really use, including rules the edges cannot show (a superuser is treated
 * as a member of every role). PG15 knows no 'SET' privilege for pg_has_role; there any member may SET ROLE,
 * which is what 'MEMBER' asks.
 */
export const MEMBERSHIPS_JSON_SQL = `
  (SELECT coalesce(json_agg(json_build_object(
            'role', r.rolname,
            'via', via.rolname,
            'depth', t.depth,
            'admin', t.admin_option,
            'inheritOption', t.inherit_option,
            'setOption', t.set_option,
            'usage', pg_catalog.pg_has_role(t.roleid, 'USAGE'),
            'set', CASE WHEN current_setting('server_version_num')::int >= 160000
                        THEN pg_catalog.pg_has_role(t.roleid, 'SET')
                        ELSE pg_catalog.pg_has_role(t.roleid, 'MEMBER') END
          ) ORDER BY t.depth, r.rolname), '[]')
   FROM (SELECT DISTINCT ON (roleid) * FROM membership_tree ORDER BY roleid, depth, via) t
   JOIN pg_catalog.pg_roles r ON r.oid = t.roleid
   LEFT JOIN pg_catalog.pg_roles via ON via.oid = t.via)`;

/** One role the current role belongs to, as {@link MEMBERSHIPS_JSON_SQL} returns it. */
export interface MembershipRow {
  role: string;
  /** The role through which the membership is held; null for a direct one. */
  via: string | null;
  /** 1 for a direct membership, 2 through one other role, and so on (the shortest path). */
  depth: number;
  /** The grant on the last step (`via` → `role`) carries ADMIN OPTION. */
  admin: boolean;
  /** The grant on the last step passes privileges on (PG16+ `inherit_option`; PG15 the member's INHERIT). */
  inheritOption: boolean;
  /** The grant on the last step allows SET ROLE (PG16+ `set_option`; always true on PG15). */
  setOption: boolean;
  /** The current role holds this role's privileges without SET ROLE (`pg_has_role(…, 'USAGE')`). */
  usage: boolean;
  /** The current role may `SET ROLE` to it. */
  set: boolean;
}
