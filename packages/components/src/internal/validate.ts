/**
 * Profile validation, kept in its own module so the dialog can load it after its first render: nothing is
 * validated before the user leaves a field, submits, or types a connection string (see `controllers/validation.ts`).
 * The settings elements that validate themselves standing alone import it directly.
 */
export { validateProfile } from '@pgconnect/core/profile/validate.js';
export type { ValidationContext } from '@pgconnect/core/profile/validate.js';
