/**
 * The plan's three §1.1 diagnostic queries (seed/000_9e897be0d2178b58.txt),
 * verbatim: operators run them against the PostgreSQL schema as they are.
 */
// Verbatim from the plan, section 1.1 "SQL Diagnostic Queries". Do not edit.
export const QUERY_1 = `-- Query 1: Find scripts with Yjs updates
SELECT
    sv.script_id,
    s.title,
    COUNT(sv.version_id) as update_count,
    MIN(sv.created_at) as first_update,
    MAX(sv.created_at) as last_update,
    s.updated_at as rest_updated_at
FROM script_versions sv
JOIN scripts s ON sv.script_id = s.script_id
GROUP BY sv.script_id, s.title, s.updated_at
ORDER BY update_count DESC;`;

export const QUERY_2 = `-- Query 2: Find scripts where REST is newer than Yjs (potential corruption)
SELECT
    sv.script_id,
    s.title,
    s.updated_at as rest_updated,
    MAX(sv.created_at) as yjs_updated,
    CASE
        WHEN s.updated_at > MAX(sv.created_at) THEN 'REST_NEWER'
        ELSE 'YJS_CURRENT'
    END as state
FROM script_versions sv
JOIN scripts s ON sv.script_id = s.script_id
GROUP BY sv.script_id, s.title, s.updated_at
HAVING s.updated_at > MAX(sv.created_at);`;

export const QUERY_3 = `-- Query 3: Find scripts with content_blocks but empty/missing Yjs
SELECT
    s.script_id,
    s.title,
    JSONB_ARRAY_LENGTH(s.content_blocks) as block_count,
    COALESCE(sv_count.cnt, 0) as yjs_update_count
FROM scripts s
LEFT JOIN (
    SELECT script_id, COUNT(*) as cnt
    FROM script_versions
    GROUP BY script_id
) sv_count ON s.script_id = sv_count.script_id
WHERE s.content_blocks IS NOT NULL
  AND JSONB_ARRAY_LENGTH(s.content_blocks) > 0;`;

