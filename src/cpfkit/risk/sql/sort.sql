-- The programme's own SORT ratings as of $as_of: for each category, the latest rating and the one before it.
WITH ranked AS (
    SELECT s.category, s.date, s.rating, s.illustrative, list_position($levels, s.rating) AS score,
        row_number() OVER (PARTITION BY s.category ORDER BY s.date DESC, list_position($levels, s.rating) DESC) AS n
    FROM programme_sort s
    WHERE s.programme_id = $programme AND s.date <= $as_of
)
SELECT category,
    max(rating) FILTER (WHERE n = 1) AS rating,
    max(score) FILTER (WHERE n = 1) AS score,
    max(date) FILTER (WHERE n = 1) AS date,
    max(rating) FILTER (WHERE n = 2) AS previous,
    max(score) FILTER (WHERE n = 2) AS previous_score,
    max(date) FILTER (WHERE n = 2) AS previous_date,
    bool_or(illustrative) FILTER (WHERE n = 1) AS illustrative
FROM ranked WHERE n <= 2
GROUP BY category;
