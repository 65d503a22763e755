/** Test databases are named with this prefix, the run's pid and a suffix; teardown drops them. */
export const TEST_DATABASE_PREFIX = 'okienko_test_';
/** Role passwords in tests derive from this, as they derive from SESSION_SECRET in development. */
export const TEST_ROLE_SECRET = 'okienko-test-secret-not-for-production-use';
