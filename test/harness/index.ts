/**
 * The test harness: real PostgreSQL clusters, a real OpenSSH sshd and ssh-agent, and generated certificates,
 * all on loopback and in temp dirs that are removed when the test run ends, however it ends.
 */
export { createCerts, type CaFiles, type CertFiles, type TestCerts } from './certs.js';
export { startCluster, type Cluster, type ClusterOptions, type ConnParams, type DatabaseSpec, type RoleSpec } from './postgres.js';
export { startStandby } from './standby.js';
export type { HbaMethod, HbaRule } from './pg-config.js';
export type { PgVersion } from './pg-binaries.js';
export { startSshd, type Sshd, type SshdOptions } from './sshd.js';
export { startSshAgent, type SshAgent } from './ssh-agent.js';
export { SSH_KEY_TYPES, type SshKey, type SshKeyType } from './ssh-keys.js';
export { freePort, hasIpv6Loopback, portIsOpen } from './ports.js';
export { makeTempDir, removeTempDir } from './tmp.js';
export { run, runChecked, waitFor, type RunResult } from './process.js';
