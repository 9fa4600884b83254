/** MSAL's errors, translated once into the table's codes. The MSAL text stays in `cause`, never in `data`. */
import { AuthError, InteractionRequiredAuthError } from '@azure/msal-node';
import { BridgeError, type ErrorData } from '@pgconnect/core';

/** OAuth errors that a new interactive sign-in resolves (RFC 6749 §5.2, OIDC Core §3.1.2.6). */
const NEEDS_SIGN_IN = new Set(['invalid_grant', 'interaction_required', 'login_required', 'consent_required', 'no_tokens_found', 'bad_token']);
/** AADSTS700082 refresh token expired, 70043 expired by Conditional Access sign-in frequency, 50173 revoked by a password change. */
const REFRESH_TOKEN_EXPIRED = /AADSTS(700082|70043|50173)\b/;

export function translateEntraError(error: unknown, data: ErrorData = {}): BridgeError {
  if (error instanceof BridgeError) return error;
  if (!(error instanceof AuthError)) return new BridgeError('ENTRA_SIGN_IN_FAILED', { data, cause: error });
  if (error instanceof InteractionRequiredAuthError || NEEDS_SIGN_IN.has(error.errorCode)) {
    const expired = REFRESH_TOKEN_EXPIRED.test(error.errorMessage);
    return new BridgeError(expired ? 'ENTRA_TOKEN_EXPIRED' : 'ENTRA_INTERACTION_REQUIRED', { data, cause: error });
  }
  // A failed device-code poll arrives as post_request_failed carrying the server's OAuth error code.
  const code = error.errorCode === 'post_request_failed' ? error.errorMessage : error.errorCode;
  switch (code) {
    case 'device_code_expired': // MSAL's own clock ran out
    case 'expired_token': // RFC 8628 §3.5: the server's did
    case 'code_expired':
      return new BridgeError('ENTRA_DEVICE_CODE_EXPIRED', { data, cause: error });
    case 'device_code_polling_cancelled':
    case 'user_timeout_reached':
      return new BridgeError('BRIDGE_CANCELLED', { data, cause: error });
    default:
      return new BridgeError('ENTRA_SIGN_IN_FAILED', { data, cause: error });
  }
}
