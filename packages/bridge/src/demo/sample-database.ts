/**
 * The demo's roles and sample database, chosen so the privilege report has something to show:
 *
 * - `demo_admin` owns the `demo` database and everything in its `shop` schema: every privilege, by ownership.
 * - `demo_reader` holds nothing itself. It inherits from `demo_analyst`, which may read `products` and `orders`,
 *   only some columns of `customers` (not `email`), and run `order_total()`. It is also a member of
 *   `demo_auditor` (which may read `audit_log`) but WITH INHERIT FALSE: those privileges apply only after
 *   `SET ROLE demo_auditor`. `payments` and the `invoice_number` sequence are the owner's alone, and EXECUTE on
 *   the function is revoked from PUBLIC, as is CONNECT on the database.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DEMO_DATABASE = 'demo';
export const DEMO_SCHEMA = 'shop';

export interface DemoRole {
  name: string;
  password: string;
  /** One line for the terminal and the page. */
  description: string;
}

export interface DemoRoles {
  admin: DemoRole;
  reader: DemoRole;
}

/** Fresh passwords each run: printed once in the terminal, never sent to the page. */
export function newDemoRoles(): DemoRoles {
  const password = () => randomBytes(12).toString('base64url');
  return {
    admin: { name: 'demo_admin', password: password(), description: `owns the ${DEMO_DATABASE} database and the ${DEMO_SCHEMA} schema: full rights` },
    reader: {
      name: 'demo_reader',
      password: password(),
      description: `reads some ${DEMO_SCHEMA} tables through demo_analyst; demo_auditor's rights only after SET ROLE (NOINHERIT)`,
    },
  };
}

/** Cluster-wide: the roles and the database. Runs as the superuser in the `postgres` database. */
function clusterStatements(roles: DemoRoles): string[] {
  const { escapeIdentifier: ident, escapeLiteral: literal } = pg;
  const admin = ident(roles.admin.name);
  const reader = ident(roles.reader.name);
  return [
    `CREATE ROLE ${admin} LOGIN PASSWORD ${literal(roles.admin.password)}`,
    `CREATE ROLE ${reader} LOGIN INHERIT PASSWORD ${literal(roles.reader.password)}`,
    `CREATE ROLE demo_analyst NOLOGIN`,
    `CREATE ROLE demo_auditor NOLOGIN`,
    `GRANT demo_analyst TO ${reader}`,
    // PostgreSQL 16+: a membership that does not pass privileges on (the per-grant form of NOINHERIT).
    `GRANT demo_auditor TO ${reader} WITH INHERIT FALSE, SET TRUE`,
    `CREATE DATABASE ${ident(DEMO_DATABASE)} OWNER ${admin}`,
    `REVOKE CONNECT, TEMPORARY ON DATABASE ${ident(DEMO_DATABASE)} FROM PUBLIC`,
    `GRANT CONNECT ON DATABASE ${ident(DEMO_DATABASE)} TO ${reader}`,
  ];
}

/** In the demo database: the schema and its objects, created as demo_admin so that it owns them. */
function databaseStatements(roles: DemoRoles): string[] {
  const admin = pg.escapeIdentifier(roles.admin.name);
  return [
    `SET ROLE ${admin}`,
    `CREATE SCHEMA ${DEMO_SCHEMA}`,
    `CREATE TABLE shop.customers (
       id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
       name text NOT NULL,
       email text NOT NULL UNIQUE,
       country text NOT NULL)`,
    `CREATE TABLE shop.products (
       id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
       name text NOT NULL,
       price numeric(10, 2) NOT NULL CHECK (price >= 0))`,
    `CREATE TABLE shop.orders (
       id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
       customer_id bigint NOT NULL REFERENCES shop.customers,
       ordered_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE TABLE shop.order_lines (
       order_id bigint NOT NULL REFERENCES shop.orders,
       product_id bigint NOT NULL REFERENCES shop.products,
       quantity integer NOT NULL CHECK (quantity > 0),
       PRIMARY KEY (order_id, product_id))`,
    `CREATE TABLE shop.payments (
       id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
       order_id bigint NOT NULL REFERENCES shop.orders,
       amount numeric(10, 2) NOT NULL,
       card_last4 char(4) NOT NULL)`,
    `CREATE TABLE shop.audit_log (
       id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
       at timestamptz NOT NULL DEFAULT now(),
       actor text NOT NULL,
       action text NOT NULL)`,
    `CREATE SEQUENCE shop.invoice_number START 1000`,
    `CREATE FUNCTION shop.order_total(order_id bigint) RETURNS numeric
       LANGUAGE sql STABLE
       RETURN (SELECT coalesce(sum(l.quantity * p.price), 0)
                 FROM shop.order_lines l JOIN shop.products p ON p.id = l.product_id
                WHERE l.order_id = order_total.order_id)`,
    `INSERT INTO shop.customers (name, email, country) VALUES
       ('Ada Lovelace', 'ada@example.com', 'GB'), ('Grace Hopper', 'grace@example.com', 'US'),
       ('Edsger Dijkstra', 'edsger@example.com', 'NL'), ('Barbara Liskov', 'barbara@example.com', 'US')`,
    `INSERT INTO shop.products (name, price) VALUES
       ('Mechanical keyboard', 129.00), ('Laptop stand', 45.50), ('USB-C cable', 12.90), ('Monitor arm', 89.00)`,
    `INSERT INTO shop.orders (customer_id) VALUES (1), (2), (2), (4)`,
    `INSERT INTO shop.order_lines (order_id, product_id, quantity) VALUES (1, 1, 1), (1, 3, 2), (2, 2, 1), (3, 4, 2), (4, 3, 5)`,
    `INSERT INTO shop.payments (order_id, amount, card_last4) VALUES (1, 154.80, '4242'), (2, 45.50, '1881')`,
    `INSERT INTO shop.audit_log (actor, action) VALUES ('demo_admin', 'created the shop schema')`,
    // Functions are executable by PUBLIC by default; this one is for analysts only.
    `REVOKE EXECUTE ON FUNCTION shop.order_total(bigint) FROM PUBLIC`,
    `GRANT USAGE ON SCHEMA shop TO demo_analyst, demo_auditor`,
    `GRANT SELECT ON shop.products, shop.orders, shop.order_lines TO demo_analyst`,
    `GRANT SELECT (id, name, country) ON shop.customers TO demo_analyst`,
    `GRANT EXECUTE ON FUNCTION shop.order_total(bigint) TO demo_analyst`,
    `GRANT SELECT ON shop.audit_log TO demo_auditor`,
    `RESET ROLE`,
  ];
}

/** Creates the roles, the database and its contents. `connect` opens a superuser client to a database. */
export async function createSampleDatabase(connect: (database: string) => Promise<pg.Client>, roles: DemoRoles): Promise<void> {
  await runAll(await connect('postgres'), clusterStatements(roles));
  await runAll(await connect(DEMO_DATABASE), ['BEGIN', ...databaseStatements(roles), 'COMMIT']);
}

async function runAll(client: pg.Client, statements: readonly string[]): Promise<void> {
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}
