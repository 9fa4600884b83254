/**
 * Neosync's permission check, verbatim, as the baseline the privilege report is tested and benchmarked
 * against. Source: nucleuscloud/neosync, backend/pkg/dbschemas/sql/postgresql/queries/system.sql, query
 * `GetPostgresRolePermissions` (used by `GetRolePermissionsMap` for Test Connection).
 *
 * Its grantee filter sees only grants made to the current role by name or to PUBLIC; grants the role holds
 * through membership in other roles (and ownership through a role) are missing, and information_schema
 * hides rows of tables the role cannot see at all. Not part of the product: kept for tests and the bench.
 */
export const NEOSYNC_TABLE_PRIVILEGES_SQL = `
SELECT
    tp.table_schema::text as table_schema,
    tp.table_name::text as table_name,
    tp.privilege_type::text as privilege_type
FROM
    information_schema.table_privileges AS tp
WHERE
    tp.table_schema NOT IN ('pg_catalog', 'information_schema')
AND (tp.grantee = current_user OR tp.grantee = 'PUBLIC')
ORDER BY
    tp.table_schema,
    tp.table_name;`;
