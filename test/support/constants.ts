/** Test databases are named with this prefix, the run's pid and a suffix; teardown drops them. */
export const TEST_DATABASE_PREFIX = 'okienko_test_';
/** Role passwords in tests derive from this, as they derive from SESSION_SECRET in development. */
export const TEST_ROLE_SECRET = 'okienko-test-secret-not-for-production-use';

/**
 * A page that asks the database on every view, unlike the public pages (served from memory):
 * a password-reset link nobody was sent, well-formed so its token is looked up in
 * account_tokens, and answered 410 (the link does not work) once the database has said so.
 */
export function unknownResetLinkPath(slug: string): string {
  return `/${slug}/reset-password?token=${'x'.repeat(43)}`;
}
