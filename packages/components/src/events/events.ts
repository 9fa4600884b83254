/** Every event the pgconnect elements dispatch. */
export * from './pg-test-request.js';
export * from './pg-save-request.js';
export * from './pg-connect-request.js';
export * from './pg-close-request.js';
export * from './pg-profile-select.js';
export * from './pg-profile-delete-request.js';
export * from './pg-group-save-request.js';
export * from './pg-group-delete-request.js';
export * from './pg-error.js';
export * from './pg-connected.js';
export * from './pg-ssl-change.js';
export * from './pg-ssh-change.js';
export * from './pg-auth-change.js';
export * from './pg-azure-server-select.js';
