/** The tenant's data key is gone (offboarding or retention timer): its credentials can never be read again. */
export class CredentialsShreddedError extends Error {
  override readonly name = 'CredentialsShreddedError';
  constructor(readonly tenantId: string) {
    super(`The credentials of tenant ${tenantId} were deleted (data key shredded)`);
  }
}

/** Authentication failed: the sealed bytes were altered, truncated, or belong to another tenant or connection. */
export class CredentialsDecryptionError extends Error {
  override readonly name = 'CredentialsDecryptionError';
  constructor(readonly tenantId: string, readonly connectionId: string) {
    super(`Sealed credentials of tenant ${tenantId}, connection ${connectionId} failed authentication`);
  }
}

/** A data key is wrapped by a master key that is not configured (neither current nor previous). */
export class UnknownMasterKeyError extends Error {
  override readonly name = 'UnknownMasterKeyError';
  constructor(readonly masterKeyId: string, readonly tenantId: string) {
    super(`Data key of tenant ${tenantId} is wrapped by master key '${masterKeyId}', which is not configured`);
  }
}
