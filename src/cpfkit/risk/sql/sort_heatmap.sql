-- Commitment-weighted SORT heat map: for each category (and overall), the net commitment of active operations
-- at each level; an operation without an overall rating counts at its suggested overall (its highest category).
WITH active AS (
    SELECT pno, net_commitment FROM facts WHERE active
),
overall AS (
    SELECT subject_pno AS pno,
        coalesce(max(score) FILTER (WHERE category = 'overall'),
                 max(score) FILTER (WHERE category <> 'overall')) AS score,
        max(score) FILTER (WHERE category = 'overall') IS NULL AS suggested
    FROM sort_latest WHERE subject_pno IS NOT NULL GROUP BY subject_pno
),
cells AS (
    SELECT s.category, s.score, a.pno, a.net_commitment, false AS suggested
    FROM sort_latest s JOIN active a ON a.pno = s.subject_pno
    WHERE s.category <> 'overall'
    UNION ALL
    SELECT 'overall', o.score, a.pno, a.net_commitment, o.suggested
    FROM overall o JOIN active a ON a.pno = o.pno
)
SELECT category, score, count(*) AS operations, sum(net_commitment) AS net_commitment_usd,
    count(*) FILTER (WHERE suggested) AS suggested
FROM cells GROUP BY category, score ORDER BY category, score;
