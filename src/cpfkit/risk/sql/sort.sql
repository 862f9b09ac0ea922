-- SORT ratings as of $as_of: for each subject (an operation the programme counts, or the programme itself)
-- and category, the latest rating and the one before it.
CREATE OR REPLACE TEMP TABLE sort_latest AS
WITH subjects AS (
    SELECT s.*, coalesce(p.id, s.programme_id) AS subject, s.pno AS subject_pno
    FROM sort_ratings s
    LEFT JOIN projects p ON p.pno = s.pno
    WHERE s.date <= $as_of
      AND (s.programme_id = $programme
           OR s.pno IN (SELECT pno FROM programme_projects WHERE programme_id = $programme))
),
ranked AS (
    SELECT subjects.*, k.score,
        row_number() OVER (PARTITION BY subject, category ORDER BY date DESC, k.score DESC) AS n
    FROM subjects JOIN risk_scores k ON k.rating = subjects.rating
)
SELECT subject, subject_pno, category,
    max(rating) FILTER (WHERE n = 1) AS rating,
    max(score) FILTER (WHERE n = 1) AS score,
    max(date) FILTER (WHERE n = 1) AS date,
    max(rating) FILTER (WHERE n = 2) AS previous,
    max(score) FILTER (WHERE n = 2) AS previous_score,
    max(date) FILTER (WHERE n = 2) AS previous_date,
    bool_or(illustrative) FILTER (WHERE n = 1) AS illustrative
FROM ranked WHERE n <= 2
GROUP BY subject, subject_pno, category;
