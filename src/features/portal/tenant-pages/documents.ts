// Versions of the documents a client accepts or acknowledges, recorded with each acceptance.
// The privacy notice is the portal's own page (views/tenant/privacy.ejs): change this when
// its text changes. The regulations' version is a tenant setting (settings.regulations).
export const PRIVACY_NOTICE_VERSION = '2026-11';
