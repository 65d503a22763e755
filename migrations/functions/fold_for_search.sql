-- fold_for_search: the current definition, applied by migrations by name (applyFunction).
-- Change it here and add a migration that applies it; test/db/functions.test.ts fails
-- while the database's definition differs from this file.
--
-- A name as the counter's search compares it (issue #19): the letters of Polish, Czech,
-- Slovak and the neighbouring languages without their marks, in lower case, hyphens as
-- spaces and apostrophes dropped, one space between words and none at the ends, so
-- "zolkiewska" finds "Żółkiewska" and "dvorak" "Dvořák", and typing the marks finds the
-- plain spelling too (the query is folded the same way).
-- translate() rather than the unaccent extension: it is IMMUTABLE, as an index and a
-- generated column need, and depends on no dictionary file a node might lack. Capitals are
-- translated before lower(), which on a database with the C locale changes ASCII only.
CREATE OR REPLACE FUNCTION public.fold_for_search(p_text text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE STRICT
AS $function$
  SELECT btrim(regexp_replace(lower(translate(p_text,
    'ąćęłńóśźżĄĆĘŁŃÓŚŹŻáčďéěíňřšťúůýžÁČĎÉĚÍŇŘŠŤÚŮÝŽäöüôľĺŕÄÖÜÔĽĹŔàâèêëîïçñőűÀÂÈÊËÎÏÇÑŐŰ-''’',
    'acelnoszzACELNOSZZacdeeinrstuuyzACDEEINRSTUUYZaouollrAOUOLLRaaeeeiicnouAAEEEIICNOU ')), '\s+', ' ', 'g'))
$function$
