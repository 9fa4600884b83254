/**
 * The one table of pgconnect error codes. Every failure a user can meet — in the parser, the validator, the
 * bridge or the page — ends up as one of these codes, with a message that says what happened in plain words
 * and a hint that says what to do next. Codes are stable (hosts and tests match on them); wording may change.
 *
 * Messages are templates: `{host}` is filled from the error's `data`, and `{host|the server}` falls back to
 * "the server" when `data.host` is absent, so every message reads well with or without details.
 * `field` names the profile field the dialog should focus when the error comes back from a test.
 */

export interface ErrorInfo {
  readonly message: string;
  readonly hint: string;
  /** Profile field to focus, in the same path notation as frame validation errors (`hosts.0.port`). */
  readonly field?: string;
}

export const ERROR_TABLE = {
  /* ── Connection strings (core parsers; libpq's own errors keep libpq's meaning) ───────────────────────── */
  PARSE_NUL_CHARACTER: {
    message: 'The connection string contains a NUL character.',
    hint: 'Remove the NUL character; libpq reads a connection string only up to the first one.',
  },
  PARSE_MISSING_EQUALS: {
    message: 'The setting {keyword|} in the connection string has no "=" after its name.',
    hint: "Write each setting as keyword=value, and quote values that contain spaces: password='a b'.",
  },
  PARSE_UNTERMINATED_QUOTE: {
    message: 'A quoted value in the connection string is never closed.',
    hint: "Close the quoted value with '. Inside quotes, write \\' for a quote and \\\\ for a backslash.",
  },
  PARSE_INVALID_OPTION: {
    message: '{keyword|This setting} is not a PostgreSQL connection setting.',
    hint: 'Check the spelling. libpq keywords include host, port, dbname, user, sslmode and application_name; JDBC- or driver-only settings have no libpq equivalent.',
  },
  PARSE_NOT_A_URI: {
    message: 'The text is not a PostgreSQL connection URI.',
    hint: 'A connection URI starts with postgresql:// or postgres://. For other formats, paste the whole string or command as it is.',
  },
  PARSE_INVALID_PERCENT: {
    message: 'The URI contains a "%" that does not start a valid percent-encoded byte.',
    hint: 'A % in a URI starts a byte such as %2F. Write a literal % (for example in a password) as %25.',
  },
  PARSE_PERCENT_NUL: {
    message: 'The URI contains %00, which PostgreSQL does not allow.',
    hint: 'Remove %00 from the URI; no connection setting can contain a NUL byte.',
  },
  PARSE_UNEXPECTED_SPACES: {
    message: 'The URI contains spaces.',
    hint: 'Write spaces inside a URI as %20, or use the key=value form, where values can be quoted.',
  },
  PARSE_IPV6_UNTERMINATED: {
    message: 'An IPv6 address in the URI has no closing "]".',
    hint: 'Put IPv6 addresses in brackets, for example postgresql://[::1]:5432/db.',
  },
  PARSE_IPV6_EMPTY: {
    message: 'The URI has empty brackets where an IPv6 address should be.',
    hint: 'Put an IPv6 address between the brackets, for example [::1], or remove them.',
  },
  PARSE_UNEXPECTED_CHARACTER: {
    message: 'The URI has an unexpected character after an IPv6 address.',
    hint: 'After ] an IPv6 host can only be followed by :port, /dbname, ?query or a comma and another host.',
  },
  PARSE_QUERY_MISSING_EQUALS: {
    message: 'The URI query parameter {keyword|} has no "=".',
    hint: 'Write each URI query parameter as key=value, separated by &, for example ?sslmode=require&application_name=app.',
  },
  PARSE_QUERY_EXTRA_EQUALS: {
    message: 'The URI query parameter {keyword|} has more than one "=".',
    hint: 'Percent-encode an = inside a query value as %3D.',
  },
  PARSE_INVALID_QUERY_PARAMETER: {
    message: 'The URI query parameter {keyword|} is not a PostgreSQL connection setting.',
    hint: 'Use a libpq keyword as the query parameter name, such as sslmode or application_name. JDBC parameters like ssl=true belong in a jdbc: URL.',
  },
  PARSE_UNRECOGNIZED_FORMAT: {
    message: 'This does not look like a connection string pgconnect can read.',
    hint: 'Paste a postgresql:// URI, key=value settings, a JDBC URL, an ADO.NET/Npgsql string, a psql command, PG… environment exports or a driver snippet — or enter the values on the Parameters tab.',
  },
  PARSE_EMPTY: {
    message: 'The connection string is empty.',
    hint: 'Paste a connection string, or enter the values on the Parameters tab.',
  },
  PARSE_INVALID_JDBC_URL: {
    message: 'This JDBC URL is not one pgjdbc accepts.',
    hint: 'Write it as jdbc:postgresql://host:port/database?user=…&sslmode=…; pgjdbc takes the user and password as query parameters.',
  },
  PARSE_INVALID_NPGSQL: {
    message: 'This ADO.NET/Npgsql connection string is malformed.',
    hint: 'Write Key=Value pairs separated by semicolons, and put a value that contains ; or = in double quotes: Password="a;b".',
  },
  PARSE_INVALID_PSQL: {
    message: 'This psql command line cannot be read.',
    hint: 'Paste a command such as psql -h db.example.com -p 5432 -U alice -d app; options like -h need a value after them.',
  },
  PARSE_SHELL_QUOTE: {
    message: 'A quote in the command is not closed.',
    hint: 'Close every \' and " the way a shell would, or remove the quote.',
  },
  PARSE_INVALID_ENV: {
    message: 'These environment variable lines cannot be read.',
    hint: 'Paste lines such as export PGHOST=db.example.com, one variable per line.',
  },
  PARSE_INVALID_SNIPPET: {
    message: 'This code snippet cannot be read as connection settings.',
    hint: 'Paste the call with literal values, for example new Client({ host: "db", user: "alice" }) or psycopg2.connect(host="db").',
  },
  PARSE_INVALID_VALUE: {
    message: 'The value of {keyword|a setting} is not valid.',
    hint: 'Check the value against the list the field offers; for example sslmode is one of disable, allow, prefer, require, verify-ca, verify-full.',
  },
  PARSE_DYNAMIC_VALUE: {
    message: 'The snippet computes {keyword|a value} at run time, so it cannot be read from the text.',
    hint: 'Replace the expression (an environment variable or a function call) with the literal value, or fill the field by hand after pasting.',
  },

  /* ── Profile validation (core validators, re-run by the bridge) ───────────────────────────────────────── */
  PROFILE_INVALID: {
    message: 'The connection settings are not complete or not valid.',
    hint: 'Fix the fields marked in the form; data.errors lists each field with its own message.',
  },
  PROFILE_REQUIRED: {
    message: '{field|This field} is required.',
    hint: 'Fill in the field, or choose a mode that does not need it.',
  },
  PROFILE_INVALID_VALUE: {
    message: '{field|This field} has a value that is not allowed.',
    hint: 'Choose one of the values the field offers.',
  },
  PROFILE_PORT_INVALID: {
    message: 'The port must be a whole number from 1 to 65535.',
    hint: 'PostgreSQL listens on 5432 unless the server was set up otherwise; poolers such as PgBouncer often use 6432.',
    field: 'hosts.0.port',
  },
  PROFILE_HOST_REQUIRED: {
    message: 'Enter a server name.',
    hint: 'Use the host name or IP address of the PostgreSQL server, for example db.example.com or 10.0.0.5 — without the port, which has its own field.',
    field: 'hosts.0.host',
  },
  PROFILE_VERIFY_FULL_NEEDS_HOST_NAME: {
    message: 'SSL mode verify-full checks the certificate against a host name, but there is none to check.',
    hint: 'Enter the server\'s name in Server name, or set the TLS server name (SSL section) when you connect by IP address, socket or tunnel.',
    field: 'ssl.serverName',
  },
  PROFILE_CLIENT_CERT_KEY_PAIR: {
    message: 'A client certificate and its key must be given together.',
    hint: 'Choose both the certificate and the private key file, or neither.',
    field: 'ssl.clientKey',
  },
  PROFILE_PARAMETER_NOT_ALLOWED: {
    message: 'The setting {keyword|} is not allowed by this bridge.',
    hint: 'This bridge runs in server mode, where file paths, passfile, service and other local settings are refused. Paste certificate contents instead of paths, or run the bridge on your own machine with `pgconnect serve`.',
  },
  PROFILE_SSH_INCOMPLETE: {
    message: 'The SSH tunnel needs a host, a user and an authentication method.',
    hint: 'Fill in SSH host, SSH user and choose password, private key or agent, or turn the tunnel off.',
    field: 'ssh.host',
  },
  PROFILE_ENTRA_INCOMPLETE: {
    message: 'Microsoft Entra authentication needs an account and a user name.',
    hint: 'Pick the Entra account you signed in with and enter the PostgreSQL role name of that account (usually its email address or group name).',
    field: 'auth.account',
  },
  PROFILE_AWS_INCOMPLETE: {
    message: 'AWS IAM authentication needs a user name.',
    hint: 'Enter the PostgreSQL role that was granted rds_iam — not the IAM user name.',
    field: 'auth.user',
  },

  /* ── Network ──────────────────────────────────────────────────────────────────────────────────────────── */
  NET_DNS_UNKNOWN_HOST: {
    message: 'The server name {host|} could not be found.',
    hint: 'Check the spelling of Server name. If the name only resolves inside a private network or a VPN, connect to it first, or reach the server through an SSH tunnel. Inside Docker, the host machine is host.docker.internal, not localhost.',
    field: 'hosts.0.host',
  },
  NET_DNS_FAILED: {
    message: 'The DNS server did not answer when looking up {host|the server name}.',
    hint: 'This is usually temporary or a network problem: check your connection or VPN and try again.',
    field: 'hosts.0.host',
  },
  NET_HOST_INCLUDES_PORT: {
    message: 'The server name {host|} contains a port.',
    hint: 'Put only the host name in Server name and the port in the Port field (for example db.example.com and 5433).',
    field: 'hosts.0.host',
  },
  NET_REFUSED: {
    message: '{host|The server} refused the connection on port {port|5432}.',
    hint: 'The machine answered, but nothing accepts connections on that port. Check the port, check that PostgreSQL is running and that listen_addresses includes this interface. If the host is localhost, try 127.0.0.1 (or ::1): the server may listen on only one of IPv4 and IPv6.',
    field: 'hosts.0.port',
  },
  NET_TIMEOUT: {
    message: 'No answer from {host|the server} on port {port|5432} within {seconds|the connect timeout} seconds.',
    hint: 'A firewall or security group is probably dropping the connection, or the address is wrong. Check that your address is allowed (cloud servers need a firewall or VPC rule), or raise Connect timeout in Advanced for slow networks.',
    field: 'client.connectTimeoutSeconds',
  },
  NET_UNREACHABLE: {
    message: 'There is no network route to {host|the server}.',
    hint: 'Your machine cannot reach that address: check the VPN, the address, and whether the host has only an IPv6 (or IPv4) address your network does not support. Supabase direct hosts are IPv6-only; use the pooler host on IPv4 networks.',
    field: 'hosts.0.host',
  },
  NET_RESET: {
    message: 'The connection to {host|the server} was closed unexpectedly.',
    hint: 'Something between you and the server dropped the connection: a proxy, a load balancer, or a server that does not speak PostgreSQL on this port. Check the port and try again.',
  },
  NET_SOCKET_NOT_FOUND: {
    message: 'There is no PostgreSQL socket at {path|the socket directory}.',
    hint: 'Check that PostgreSQL runs on this machine and which directory it uses (unix_socket_directories; often /var/run/postgresql or /tmp), or connect over TCP with host localhost.',
    field: 'hosts.0.host',
  },
  NET_ABSTRACT_SOCKET_UNSUPPORTED: {
    message: 'This bridge cannot connect to the abstract Unix socket {host|}.',
    hint: 'Sockets named @… live in Linux\'s abstract namespace, which Node.js can reach exactly only from version 22 (libuv 1.48). Run the bridge on Node.js 22 or later, or connect through the server\'s socket directory or over TCP.',
    field: 'hosts.0.host',
  },
  NET_TARGET_NOT_ALLOWED: {
    message: 'This bridge is not allowed to connect to {host|that address}.',
    hint: 'The bridge refuses link-local and cloud metadata addresses, and its administrator may limit targets to a list. Ask them to add the server to allowedTargets, or reach it through an SSH tunnel.',
    field: 'hosts.0.host',
  },
  NET_CONNECT_FAILED: {
    message: 'Could not connect to {host|the server}.',
    hint: 'Check Server name and Port, that PostgreSQL is running, and that firewalls allow the connection. This bridge reports network errors coarsely; its log has the details.',
    field: 'hosts.0.host',
  },

  /* ── TLS ──────────────────────────────────────────────────────────────────────────────────────────────── */
  TLS_NOT_SUPPORTED_BY_SERVER: {
    message: '{host|The server} does not accept encrypted (SSL/TLS) connections, and SSL mode {sslmode|require} needs one.',
    hint: 'Turn on ssl in the server\'s postgresql.conf, or — only on a trusted network — lower SSL mode to prefer or disable.',
    field: 'ssl.sslmode',
  },
  TLS_REQUIRED_BY_SERVER: {
    message: 'The server accepts only encrypted connections for this user and database.',
    hint: 'Its pg_hba.conf has a hostssl line but no host/hostnossl line for you. Set SSL mode to require or, better, verify-full.',
    field: 'ssl.sslmode',
  },
  TLS_ROOT_CERT_REQUIRED: {
    message: 'SSL mode {sslmode|verify-full} checks the server\'s certificate, but no root certificate is set.',
    hint: 'verify-ca and verify-full need a root certificate: choose the CA file, or System to use the operating system\'s trust store.',
    field: 'ssl.rootCert',
  },
  TLS_CERT_UNTRUSTED: {
    message: 'The server\'s certificate is not signed by a certificate authority you trust.',
    hint: 'Add the server\'s CA certificate under SSL → Root certificate (for RDS the AWS RDS bundle, for Azure DigiCert Global Root G2), or choose "System" if it has a public certificate. Lowering SSL mode to require encrypts without checking — only do that on a network you trust.',
    field: 'ssl.rootCert',
  },
  TLS_CERT_NAME_MISMATCH: {
    message: 'The server\'s certificate is for a different name than {host|the host you connected to}.',
    hint: 'Connect with the name the certificate was issued for (not an IP address or an alias). Through an SSH tunnel or by IP, set the TLS server name in the SSL section to the certificate\'s name. verify-ca checks the CA without the name.',
    field: 'ssl.serverName',
  },
  TLS_CERT_EXPIRED: {
    message: 'The server\'s certificate has expired.',
    hint: 'Ask the server\'s administrator to renew the certificate. If your computer\'s clock is wrong, correct it.',
  },
  TLS_CERT_NOT_YET_VALID: {
    message: 'The server\'s certificate is not valid yet.',
    hint: 'Check your computer\'s date and time; otherwise the certificate was issued with a future start date and the administrator must reissue it.',
  },
  TLS_CERT_REVOKED: {
    message: 'The server\'s certificate has been revoked.',
    hint: 'The certificate revocation list says this certificate must not be trusted. Tell the server\'s administrator; do not lower the SSL mode to get around it.',
  },
  TLS_CLIENT_CERT_REQUIRED: {
    message: 'The server requires a client certificate.',
    hint: 'Choose your client certificate and its private key in the SSL section. The certificate\'s common name must match the PostgreSQL user unless the server maps names.',
    field: 'ssl.clientCert',
  },
  TLS_CLIENT_CERT_REJECTED: {
    message: 'The server rejected your client certificate.',
    hint: 'The certificate is not signed by a CA the server trusts (ssl_ca_file), has expired, or its common name does not match user {user|}. Check with the server\'s administrator which CA and name it expects.',
    field: 'ssl.clientCert',
  },
  TLS_CLIENT_CERT_NOT_REQUESTED: {
    message: 'The server did not ask for a client certificate, and SSL certificate mode is require.',
    hint: 'The server only asks for client certificates when it has a CA to check them with (ssl_ca_file), and never over an unencrypted connection. Ask the administrator to set ssl_ca_file, use SSL mode require or stronger, or set SSL certificate mode to allow.',
    field: 'ssl.certMode',
  },
  TLS_CLIENT_CERT_NOT_SENT: {
    message: 'The server accepted the connection without a client certificate, and SSL certificate mode is require.',
    hint: 'No client certificate was sent because none is chosen. Choose your client certificate and its private key in the SSL section, or set SSL certificate mode to allow.',
    field: 'ssl.clientCert',
  },
  TLS_CLIENT_KEY_INVALID: {
    message: 'The client private key cannot be used.',
    hint: 'Check that the key file is the private key belonging to the client certificate, in PEM format. Encrypted keys need the SSL key passphrase.',
    field: 'ssl.clientKey',
  },
  TLS_KEY_PERMISSIONS: {
    message: 'The private key file {path|} can be read or changed by other users, so it was not used.',
    hint: 'Make the key readable by you only: chmod 600 on the file (a key owned by root may also be chmod 640). PostgreSQL clients refuse such keys too.',
    field: 'ssl.clientKey',
  },
  TLS_KEY_PASSPHRASE_WRONG: {
    message: 'The passphrase for the client private key is wrong.',
    hint: 'Re-enter the SSL key passphrase (sslpassword).',
    field: 'secrets.sslpassword',
  },
  TLS_FILE_UNREADABLE: {
    message: 'The certificate or key file {path|} cannot be read.',
    hint: 'Check that the file exists and that the user running the bridge may read it. Private key files should be readable by you only (chmod 600).',
  },
  TLS_SSLMODE_WEAK_WITH_SYSTEM_ROOT: {
    message: 'SSL mode {sslmode|} cannot be used with the system certificate store.',
    hint: 'Using the system store (sslrootcert=system) only makes sense if the name is checked too: set SSL mode to verify-full.',
    field: 'ssl.sslmode',
  },
  TLS_SSLMODE_WEAK_WITH_DIRECT: {
    message: 'SSL mode {sslmode|} cannot be used with direct SSL negotiation.',
    hint: 'sslnegotiation=direct starts TLS at once, so there is no unencrypted fallback: set SSL mode to require, verify-ca or verify-full, or use postgres negotiation.',
    field: 'ssl.sslmode',
  },
  TLS_HANDSHAKE_FAILED: {
    message: 'The encrypted connection to {host|the server} could not be set up.',
    hint: 'The server and this bridge found no TLS version or cipher in common, or the port is not PostgreSQL. Check the minimum/maximum TLS version in the SSL section and the port.',
  },

  /* ── PostgreSQL authentication and session ───────────────────────────────────────────────────────────── */
  PG_AUTH_FAILED: {
    message: 'Password authentication failed for {user|the user}.',
    hint: 'Check the user name and password (passwords are case-sensitive). PostgreSQL gives the same answer when the role does not exist, so check the user name too.',
    field: 'secrets.password',
  },
  PG_NO_HBA_ENTRY: {
    message: 'The server does not allow {user|this user} to connect to {database|this database} from {clientAddress|this address}.',
    hint: 'The server\'s pg_hba.conf has no line that matches your address, user and database (or a line rejects you). Ask the administrator to add a host line for you; on a managed cloud server, check its firewall and allowed-users settings.',
  },
  PG_NO_HBA_ENTRY_PLAINTEXT: {
    message: 'The server has no pg_hba.conf entry for an unencrypted connection by {user|this user} to {database|this database}.',
    hint: 'The server may accept only encrypted (TLS) connections, or may not allow this user or database at all — it gives the same answer for both. Try SSL mode require (better: verify-full); if that is refused too, ask the administrator for a pg_hba.conf line.',
    field: 'ssl.sslmode',
  },
  PG_ROLE_NOT_FOUND: {
    message: 'The role {user|} does not exist on this server.',
    hint: 'Check the user name. PostgreSQL role names are case-sensitive when created with quotes.',
    field: 'auth.user',
  },
  PG_ROLE_CANNOT_LOGIN: {
    message: 'The role {user|} is not allowed to log in.',
    hint: 'It is a group role (NOLOGIN). Log in as a member role, or ask the administrator to run ALTER ROLE … LOGIN.',
    field: 'auth.user',
  },
  PG_DATABASE_NOT_FOUND: {
    message: 'The database {database|} does not exist.',
    hint: 'Check the name (it is case-sensitive), or leave Database empty to connect to the default database and pick one from the list.',
    field: 'database',
  },
  PG_DATABASE_NOT_ACCEPTING: {
    message: 'The database {database|} does not accept connections.',
    hint: 'It is a template database or has datallowconn = false. Connect to another database.',
    field: 'database',
  },
  PG_CONNECT_PRIVILEGE_MISSING: {
    message: '{user|This role} may not connect to {database|this database}.',
    hint: 'The role lacks the CONNECT privilege on this database. Ask the owner to run GRANT CONNECT ON DATABASE … TO …, or connect to another database.',
    field: 'database',
  },
  PG_TOO_MANY_CONNECTIONS: {
    message: 'The server has no free connection slots.',
    hint: 'It has reached max_connections (or this role\'s connection limit). Close idle sessions or tools, use a connection pooler, or try again shortly.',
  },
  PG_SERVER_STARTING: {
    message: 'The server is starting up or recovering and does not accept connections yet.',
    hint: 'Wait a moment and test again: a server starting, or replaying a lot of WAL after a crash, lets connections in once it is consistent.',
  },
  PG_STANDBY_NOT_ACCEPTING: {
    message: 'The server is a standby that does not accept connections (its hot_standby setting is off).',
    hint: 'Connect to the primary instead, or to a standby with hot_standby = on. List several hosts and pgconnect moves past this one to the next.',
  },
  PG_SERVER_SHUTTING_DOWN: {
    message: 'The server is shutting down.',
    hint: 'Wait until it has restarted, then connect again.',
  },
  PG_CONNECTION_TERMINATED: {
    message: 'The server ended this session.',
    hint: 'An administrator ended it, the server restarted, or an idle timeout fired. Reconnect.',
  },
  PG_CONNECTION_LOST: {
    message: 'The connection to {host|the server} was lost.',
    hint: 'The network or the server went away. pgconnect reconnects on its own when it can; TCP keepalives (on by default) detect dead connections sooner.',
  },
  PG_CLEARTEXT_AUTH_REFUSED: {
    message: 'The server asked for the password in clear text over an unverified connection, so it was not sent.',
    hint: 'Sending a plain password over an unencrypted or unverified link would expose it. Set SSL mode to verify-full, or ask the administrator to use scram-sha-256 in pg_hba.conf.',
    field: 'ssl.sslmode',
  },
  PG_AUTH_METHOD_UNSUPPORTED: {
    message: 'The server asks for an authentication method that pgconnect does not support: {method|unknown}.',
    hint: 'Kerberos/GSSAPI and SSPI are not supported. Ask the administrator for a password (scram-sha-256), certificate, or cloud IAM login for this role.',
  },
  PG_PASSWORD_REQUIRED: {
    message: 'The server asks for a password, and none was given.',
    hint: 'Enter the password. pgconnect never falls back to PGPASSWORD or ~/.pgpass unless the profile uses pgpass authentication.',
    field: 'secrets.password',
  },
  PG_CHANNEL_BINDING_UNAVAILABLE: {
    message: 'Channel binding is required, but the server did not offer it.',
    hint: 'Channel binding needs SCRAM authentication over TLS. Turn on SSL and scram-sha-256 on the server, or set channel binding to prefer.',
  },
  PG_TARGET_SESSION_ATTRS_UNMET: {
    message: 'None of the servers is {attrs|of the requested kind}.',
    hint: 'target_session_attrs asked for a kind of server (for example a read-only standby) that none of the listed hosts is right now. Add the right host, or set Target session attrs to any.',
    field: 'client.targetSessionAttrs',
  },
  PG_PROTOCOL_ERROR: {
    message: '{host|The server} did not answer like a PostgreSQL server on port {port|5432}.',
    hint: 'Check the port: another service may be listening there. Some poolers and proxies need SSL mode require or sslnegotiation settings to match.',
    field: 'hosts.0.port',
  },
  PG_QUERY_CANCELED: {
    message: 'The query was canceled.',
    hint: 'It ran longer than statement_timeout or was canceled by you or an administrator. Narrow the query or raise the timeout.',
  },
  PG_READ_ONLY_VIOLATION: {
    message: 'The statement tried to write in a read-only session.',
    hint: 'This connection is read-only (the profile\'s Read-only setting, or a standby). Use a read-write connection for changes.',
  },
  PG_PERMISSION_DENIED: {
    message: 'Permission denied: {serverMessage|the role lacks a privilege}.',
    hint: 'Ask the object\'s owner for the privilege, or run the test again to see which privileges this role has.',
  },
  PG_SERVER_ERROR: {
    message: 'The server reported an error: {serverMessage|unknown error}.',
    hint: 'See the server message and SQLSTATE {sqlstate|} for details.',
  },

  /* ── SSH tunnel ───────────────────────────────────────────────────────────────────────────────────────── */
  SSH_HOST_KEY_UNKNOWN: {
    message: 'The SSH server {host|} presented a host key that is not yet trusted ({fingerprint|unknown fingerprint}).',
    hint: 'Compare the fingerprint with the one the server\'s administrator gives you (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on the server), then trust it. Never accept a key you cannot check.',
    field: 'ssh.knownHostKey',
  },
  SSH_HOST_KEY_CHANGED: {
    message: 'The host key of {host|the SSH server} has changed: expected {expected|the pinned key}, received {received|another key}.',
    hint: 'This can mean someone is intercepting the connection. Nothing was sent. If the administrator confirms the server was reinstalled or its key rotated, remove the old key from known_hosts or the profile and connect again.',
    field: 'ssh.knownHostKey',
  },
  SSH_HOST_KEY_REJECTED: {
    message: 'The SSH host key was not trusted, so the tunnel was not opened.',
    hint: 'Test the connection again and trust the key once you have checked its fingerprint.',
    field: 'ssh.knownHostKey',
  },
  SSH_HOST_KEY_PROMPT_TIMEOUT: {
    message: 'Nobody answered the question whether to trust the host key of {host|the SSH server} ({fingerprint|unknown fingerprint}) in time, so the tunnel was not opened.',
    hint: 'Test the connection again and answer the host key question, or pin the key in the profile (its SHA256 fingerprint) or add it to known_hosts so there is nothing to ask.',
    field: 'ssh.knownHostKey',
  },
  SSH_HOST_KEY_REVOKED: {
    message: 'The SSH server {host|} presented a host key that known_hosts marks as revoked ({fingerprint|unknown fingerprint}).',
    hint: 'A revoked key is never trusted, whatever else vouches for it: it was withdrawn, often because it leaked, so this may not be the real server. Nothing was sent. Ask the server\'s administrator for its current host key; the @revoked line ({where|in known_hosts}) stays until they replace the key.',
    field: 'ssh.host',
  },
  SSH_KNOWN_HOSTS_UNREADABLE: {
    message: 'The SSH known_hosts file {path|} could not be read.',
    hint: 'Fix its permissions or contents, or pin the host key in the profile. Without it no host key can be checked, so the tunnel is not opened.',
  },
  SSH_CONNECT_FAILED: {
    message: 'Could not connect to the SSH server {host|} on port {port|22}: {detail|the network connection failed}.',
    hint: 'This is the SSH server, not the database: check SSH host and SSH port (22 by default), that sshd is running there, and that your network, VPN or firewall lets you reach it. The database is reached from the SSH server once the tunnel is open.',
    field: 'ssh.host',
  },
  SSH_HANDSHAKE_FAILED: {
    message: 'The SSH handshake with {host|the SSH server} failed: {detail|no algorithm in common}.',
    hint: 'The server and pgconnect could not agree on a key exchange, host key type, cipher or MAC. The server may allow only algorithms that are too old (ssh-dss, diffie-hellman-group1-sha1, CBC ciphers) or too new for this bridge. Ask the administrator to also allow a current one such as curve25519-sha256, ssh-ed25519 and aes256-gcm@openssh.com.',
    field: 'ssh.host',
  },
  SSH_AUTH_FAILED: {
    message: 'The SSH server {host|} rejected {user|the user} with the given credentials.',
    hint: 'Check the SSH user, and the password or private key. If the server allows only keys, choose Private key or Agent.',
    field: 'ssh.user',
  },
  SSH_KEY_INVALID: {
    message: 'The SSH private key cannot be read.',
    hint: 'Use an OpenSSH or PEM private key (ed25519, ecdsa or rsa). PuTTY .ppk keys must be exported to OpenSSH format first.',
    field: 'ssh.auth',
  },
  SSH_PASSWORD_REQUIRED: {
    message: 'The SSH user {user|} logs in with a password, and none was given.',
    hint: 'Enter the SSH password (or save it with the profile), or choose Private key or Agent if the SSH server accepts them.',
    field: 'secrets.sshPassword',
  },
  SSH_KEY_PASSPHRASE_REQUIRED: {
    message: 'The SSH private key is encrypted, and no passphrase was given.',
    hint: 'Enter the key passphrase (or save it with the profile). If the key is loaded in ssh-agent, choose Agent instead: the agent holds it already unlocked.',
    field: 'secrets.sshPassphrase',
  },
  SSH_KEY_PASSPHRASE_WRONG: {
    message: 'The passphrase for the SSH private key is wrong.',
    hint: 'Re-enter the key passphrase.',
    field: 'secrets.sshPassphrase',
  },
  SSH_AGENT_UNAVAILABLE: {
    message: 'No SSH agent is available.',
    hint: 'Start ssh-agent (or Pageant / the OpenSSH Authentication Agent service on Windows) and add your key with ssh-add, then test again — or choose Private key.',
    field: 'ssh.auth',
  },
  SSH_TIMEOUT: {
    message: 'The SSH server {host|} did not answer in time.',
    hint: 'Check the SSH host and port (22 by default) and that a firewall allows SSH from your machine.',
    field: 'ssh.host',
  },
  SSH_CHANNEL_OPEN_FAILED: {
    message: 'The SSH server could not reach the database at {host|the server}:{port|5432}.',
    hint: 'Server name and Port are resolved on the SSH host, not on your machine: enter the database address as the SSH host sees it (often localhost or a private IP). The SSH server may also forbid forwarding (AllowTcpForwarding).',
    field: 'hosts.0.host',
  },
  SSH_JUMP_HOST_FAILED: {
    message: 'The jump host {host|} could not be passed.',
    hint: 'The chain stopped at this hop; the detail says why. Test each hop\'s host, user and key.',
    field: 'ssh.jumpHosts',
  },
  SSH_DISCONNECTED: {
    message: 'The SSH tunnel closed.',
    hint: 'The SSH server or the network dropped it. pgconnect reconnects on its own when it can; an SSH keepalive helps on idle connections.',
    field: 'ssh.keepaliveSeconds',
  },

  /* ── AWS RDS IAM ──────────────────────────────────────────────────────────────────────────────────────── */
  AWS_NO_CREDENTIALS: {
    message: 'No AWS credentials were found for {profile|the default credential chain}.',
    hint: 'Sign in with the AWS CLI (aws configure, or aws sso login) and check with aws sts get-caller-identity --profile <profile>. Credentials from EC2/ECS instance metadata are not used.',
    field: 'auth.profile',
  },
  AWS_CREDENTIAL_SOURCE_UNSUPPORTED: {
    message: 'The AWS profile {profile|} takes its credentials from credential_source, which pgconnect does not use.',
    hint: 'credential_source reads EC2 instance or ECS container metadata, which the bridge never calls. Use a profile with access keys, SSO (aws sso login) or credential_process, or a source_profile pointing at one.',
    field: 'auth.profile',
  },
  AWS_PROFILE_NOT_FOUND: {
    message: 'The AWS profile {profile|} does not exist.',
    hint: 'Choose a profile from ~/.aws/config or ~/.aws/credentials, or leave the profile empty to use the default credential chain.',
    field: 'auth.profile',
  },
  AWS_SSO_EXPIRED: {
    message: 'The AWS SSO session for {profile|the default profile} has expired.',
    hint: 'Run aws sso login --profile <profile> and test again.',
    field: 'auth.profile',
  },
  AWS_REGION_UNKNOWN: {
    message: 'The AWS region could not be inferred from {host|the server name}.',
    hint: 'Enter the AWS Region (for example eu-west-1). Region inference works only with RDS/Aurora endpoint names, not with custom names or CNAMEs.',
    field: 'auth.region',
  },
  AWS_HOST_NOT_ALLOWED: {
    message: 'IAM tokens are only signed for Amazon RDS/Aurora endpoints, and {host|this host} is not one.',
    hint: 'Use the RDS or Aurora endpoint (…rds.amazonaws.com) as Server name, not a custom name or CNAME; or ask the bridge administrator to allow this host.',
    field: 'hosts.0.host',
  },
  AWS_TLS_NOT_VERIFIED: {
    message: 'AWS IAM authentication needs SSL mode verify-full.',
    hint: 'The IAM token acts as a password; it is only sent over a verified connection. Set SSL mode to verify-full with the AWS RDS root certificate bundle.',
    field: 'ssl.sslmode',
  },
  AWS_TOKEN_REJECTED: {
    message: 'The database rejected the IAM token for {user|this user}.',
    hint: 'The role must be granted rds_iam (GRANT rds_iam TO …), the instance must have IAM authentication enabled, and your IAM identity needs rds-db:connect for this user. Check the User name is the database role.',
    field: 'auth.user',
  },

  /* ── Microsoft Entra ──────────────────────────────────────────────────────────────────────────────────── */
  ENTRA_NOT_CONFIGURED: {
    message: 'Microsoft Entra sign-in is not configured on this bridge.',
    hint: 'Entra needs the application (client) id of an app registration. Start the bridge with pgconnect serve --entra-client-id <id> (or set PGCONNECT_ENTRA_CLIENT_ID), or pass entra: { clientId } to createBridge().',
  },
  ENTRA_ACCOUNT_MISSING: {
    message: 'The Microsoft Entra account {account|} is not signed in.',
    hint: 'Add the account (Add Entra account) or pick another one.',
    field: 'auth.account',
  },
  ENTRA_INTERACTION_REQUIRED: {
    message: 'Microsoft Entra needs you to sign in again.',
    hint: 'Your organisation requires consent, multi-factor authentication or a new sign-in. Sign in again for this account and test again.',
    field: 'auth.account',
  },
  ENTRA_TOKEN_EXPIRED: {
    message: 'The Microsoft Entra token has expired and could not be refreshed.',
    hint: 'Sign in again for this account. If it keeps happening, clear the Entra token cache and re-add the account.',
    field: 'auth.account',
  },
  ENTRA_SIGN_IN_FAILED: {
    message: 'Signing in to Microsoft Entra did not complete.',
    hint: 'The sign-in was cancelled or the tenant refused it. Check the tenant and try again.',
  },
  ENTRA_DEVICE_CODE_EXPIRED: {
    message: 'The Microsoft Entra device code expired before sign-in finished.',
    hint: 'Start adding the account again and enter the new code within the time shown.',
  },
  ENTRA_HOST_NOT_ALLOWED: {
    message: 'Entra tokens are only sent to Azure Database for PostgreSQL servers, and {host|this host} is not one.',
    hint: 'Use the server\'s …postgres.database.azure.com name, or ask the bridge administrator to allow this host. One token works on all your Azure servers, so it is never sent elsewhere.',
    field: 'hosts.0.host',
  },
  ENTRA_TLS_NOT_VERIFIED: {
    message: 'Microsoft Entra authentication needs SSL mode verify-full.',
    hint: 'The token acts as a password; it is only sent over a verified connection. Set SSL mode to verify-full (Azure uses DigiCert Global Root G2).',
    field: 'ssl.sslmode',
  },
  ENTRA_TOKEN_REJECTED: {
    message: 'The server rejected the Microsoft Entra token for {user|this user}.',
    hint: 'Check that Entra authentication is enabled on the server, that the Entra user name matches the account (or a group it belongs to) exactly, and that the right tenant is selected.',
    field: 'auth.user',
  },

  /* ── Azure Resource Manager (Browse Azure, Fetch Azure Metadata) ─────────────────────────────────────── */
  AZURE_ACCESS_DENIED: {
    message: 'Azure did not allow this account to list {resource|the resources}.',
    hint: 'The account needs at least Reader access on the subscription. Browse Azure may use a different account from the one that logs in to the database.',
  },
  AZURE_SERVER_NOT_FOUND: {
    message: 'No Azure Database for PostgreSQL server named {host|} was found in your subscriptions.',
    hint: 'Check that the account can see the subscription that holds the server, and that Server name is the server\'s own …postgres.database.azure.com name.',
  },

  /* ── Secrets and stores ───────────────────────────────────────────────────────────────────────────────── */
  SECRET_KEYCHAIN_UNAVAILABLE: {
    message: 'The system keychain is not available, so the password was not saved.',
    hint: 'On Linux start a Secret Service (GNOME Keyring or KWallet), or give the bridge an encryption key (PGCONNECT_SECRET_KEY or a 0600 key file) for its encrypted store. Passwords are never stored in plain text.',
  },
  SECRET_SAVED_NOT_APPLICABLE: {
    message: 'The saved password belongs to different connection settings, so it was not used.',
    hint: 'A saved password only works with the server, port, user, database, SSL mode and authentication it was saved for. Enter the password again for the changed settings.',
    field: 'secrets.password',
  },
  SECRET_STORE_FAILED: {
    message: 'The secret could not be saved.',
    hint: 'The keychain refused the write; nothing was changed. Unlock the keychain and try again.',
  },
  STORE_SETTINGS_CORRUPT: {
    message: 'The settings file {path|} is damaged and was not read.',
    hint: 'Fix the JSON by hand or restore it from a backup; pgconnect does not overwrite it while it is unreadable.',
  },
  STORE_CONFLICT: {
    message: 'The settings were changed elsewhere since they were loaded.',
    hint: 'Reload the list and make the change again.',
  },
  STORE_WRITE_FAILED: {
    message: 'The settings could not be written to {path|disk}.',
    hint: 'Check that the directory exists, is writable, and that the disk is not full.',
  },
  STORE_WORKSPACE_UNAVAILABLE: {
    message: 'No workspace folder is open, so workspace-scoped connections cannot be saved.',
    hint: 'Save the connection with User scope, or start the bridge with --workspace <dir>.',
    field: 'scope',
  },
  STORE_PROFILE_NOT_FOUND: {
    message: 'The saved connection {id|} no longer exists.',
    hint: 'It was deleted or moved, perhaps in another window. Reload the list.',
  },
  STORE_GROUP_NOT_FOUND: {
    message: 'The server group {id|} no longer exists.',
    hint: 'Reload the list and choose another group.',
    field: 'groupId',
  },
  STORE_RECENT_NOT_FOUND: {
    message: 'The recent connection {id|} is no longer in the list.',
    hint: 'Reload the list.',
  },
  IMPORT_INVALID: {
    message: 'The {format|file} to import could not be read.',
    hint: 'Check that it is the right kind of file and not truncated; data.field names the first problem.',
  },

  /* ── Environment variables (Neosync's USER_DEFINED_ rule) ────────────────────────────────────────────── */
  ENV_NOT_ALLOWED: {
    message: 'The environment variable {name|} may not be used.',
    hint: 'Only variables whose names start with USER_DEFINED_ can hold a connection string, so other secrets in the bridge\'s environment cannot be reached. Rename it, for example to USER_DEFINED_DATABASE_URL.',
    field: 'envVar',
  },
  ENV_NOT_DEFINED: {
    message: 'The environment variable {name|} is not set for the bridge.',
    hint: 'Set it in the environment of the process that runs pgconnect, then restart the bridge.',
    field: 'envVar',
  },
  ENV_VALUE_INVALID: {
    message: 'The environment variable {name|} does not hold a connection string pgconnect can read.',
    hint: 'Set it to a postgresql:// URI or libpq key=value settings. Its value is never shown here.',
    field: 'envVar',
  },

  /* ── Bridge protocol and session ──────────────────────────────────────────────────────────────────────── */
  PROTOCOL_INVALID_MESSAGE: {
    message: 'The message is not valid.',
    hint: 'This is a bug in the page or an incompatible client: the named field is missing, has the wrong type or is out of range.',
  },
  PROTOCOL_FRAME_TOO_LARGE: {
    message: 'The message is larger than {limit|the limit} bytes.',
    hint: 'Paste certificate contents only, not whole directories of them, or give the bridge a file path in local mode.',
  },
  PROTOCOL_UNKNOWN_OP: {
    message: 'The bridge does not know the operation {op|}.',
    hint: 'The page is newer or older than the bridge. Update both to the same pgconnect version.',
  },
  PROTOCOL_UNSUPPORTED_VERSION: {
    message: 'The page speaks protocol version {version|?}, and this bridge speaks {supported|1}.',
    hint: 'Update the page and the bridge to the same pgconnect version.',
  },
  PROTOCOL_UNAUTHORIZED: {
    message: 'The bridge did not accept this session.',
    hint: 'Say hello first, with the current token. If the bridge was restarted it has a new token: copy the new URL from `pgconnect serve`.',
  },
  BRIDGE_NOT_VERIFIED: {
    message: 'The program on this port could not prove it is your pgconnect bridge, so nothing was sent to it.',
    hint: 'Another program may be using the port. Restart `pgconnect serve` and open the URL it prints.',
  },
  BRIDGE_UNREACHABLE: {
    message: 'The pgconnect bridge is not running or cannot be reached.',
    hint: 'Start it with `npx pgconnect serve` and open the URL it prints. The page reconnects on its own once the bridge is back.',
  },
  BRIDGE_RATE_LIMITED: {
    message: 'Too many requests; wait {retryAfterSeconds|a few} seconds.',
    hint: 'The bridge limits how fast a page may send requests and test connections, so it cannot be used to scan a network.',
  },
  BRIDGE_BUSY: {
    message: 'The bridge is already running {limit|the maximum number of} connection attempts for this page.',
    hint: 'Wait for the running tests to finish, or cancel one, then try again.',
  },
  BRIDGE_SESSION_CLOSED: {
    message: 'The connection to the bridge closed before the answer arrived.',
    hint: 'The page reconnects on its own; run the action again once it is back.',
  },
  BRIDGE_CANCELLED: {
    message: 'Cancelled.',
    hint: 'The action was stopped before it finished; nothing was changed.',
  },
  BRIDGE_CAPABILITY_UNAVAILABLE: {
    message: 'This bridge does not offer {capability|this feature}.',
    hint: 'In server mode some features (file paths, local AWS profiles, the system keychain) are switched off. Run the bridge on your own machine with `pgconnect serve` to use them.',
  },
  BRIDGE_CONNECTION_NOT_FOUND: {
    message: 'The connection {id|} is not open.',
    hint: 'It was closed or lost. Open it again.',
  },
  BRIDGE_INTERNAL_ERROR: {
    message: 'Something went wrong inside the bridge.',
    hint: 'This is a bug. The bridge log has the details (with secrets removed); please report it with the log lines around the time of the error.',
  },
} as const satisfies Record<string, ErrorInfo>;

export type ErrorCode = keyof typeof ERROR_TABLE;

/** Every code, for schemas (`z.enum`) and for tests that walk the table. */
export const ERROR_CODES = Object.keys(ERROR_TABLE) as [ErrorCode, ...ErrorCode[]];

const codeSet: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && codeSet.has(value);
}

export function errorInfo(code: ErrorCode): ErrorInfo {
  return ERROR_TABLE[code];
}

/**
 * Details an error may carry: JSON-safe and at most two levels deep, so it crosses the wire unchanged
 * (`PROFILE_INVALID` lists `errors: [{field, code, message}]`, `SSH_HOST_KEY_CHANGED` both fingerprints).
 * Never put a secret here: `data` is shown to the user, logged, and sent to the page.
 */
export type ErrorDataValue =
  | string
  | number
  | boolean
  | null
  | readonly string[]
  | readonly Readonly<Record<string, string>>[];
export type ErrorData = Readonly<Record<string, ErrorDataValue>>;

/** The `error` member of an error frame: what `BridgeError.toJSON()` returns. */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  hint?: string;
  data?: ErrorData;
}

const PLACEHOLDER = /\{(\w+)(?:\|([^}]*))?\}/g;

/**
 * Fills `{key}` and `{key|fallback}` from `data`; an absent key becomes its fallback or nothing, and the
 * space it leaves is closed up. A value that is not a non-empty string or a number counts as absent, so a
 * message never prints "undefined" or "[object Object]".
 */
export function formatErrorMessage(template: string, data: ErrorData = {}): string {
  const present = (key: string): string | undefined => {
    const value = Object.hasOwn(data, key) ? data[key] : undefined;
    return (typeof value === 'string' && value !== '') || typeof value === 'number' ? String(value) : undefined;
  };
  // Close up the gaps first, so that spacing inside the values themselves is left alone.
  const skeleton = template
    .replace(PLACEHOLDER, (match, key: string, fallback: string | undefined) =>
      present(key) === undefined ? (fallback ?? '') : match,
    )
    .replace(/ {2,}/g, ' ')
    .replace(/ ([.,:;)])/g, '$1');
  return skeleton.replace(PLACEHOLDER, (_match, key: string) => present(key) ?? '');
}

/**
 * The error type both the page and the bridge throw and send. Pure (no Node APIs) so it runs in both.
 * `toJSON()` is the wire shape; `cause` (a library error that may hold connection parameters) is never
 * serialised.
 */
export class BridgeError extends Error {
  override readonly name = 'BridgeError';
  readonly code: ErrorCode;
  readonly hint: string;
  readonly data: ErrorData | undefined;

  constructor(code: ErrorCode, options: { message?: string; hint?: string; data?: ErrorData; cause?: unknown } = {}) {
    const info = ERROR_TABLE[code];
    super(options.message ?? formatErrorMessage(info.message, options.data), { cause: options.cause });
    this.code = code;
    this.hint = options.hint ?? formatErrorMessage(info.hint, options.data);
    this.data = options.data;
  }

  /** Rebuilds the error a peer sent, keeping its wording. */
  static fromPayload(payload: ErrorPayload): BridgeError {
    return new BridgeError(payload.code, {
      message: payload.message,
      ...(payload.hint === undefined ? {} : { hint: payload.hint }),
      ...(payload.data === undefined ? {} : { data: payload.data }),
    });
  }

  toJSON(): ErrorPayload {
    return {
      code: this.code,
      message: this.message,
      hint: this.hint,
      ...(this.data === undefined ? {} : { data: this.data }),
    };
  }
}
