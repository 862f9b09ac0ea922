-- One row per operation the programme counts: money, dates, ratings, events and every flag as of $as_of.
-- Parameters: $programme, $as_of, $fy_start, $fy_end (the FY's last day, at most $as_of), $window_start, $universe, $ratio_instruments and the thresholds.
-- Rules: docs/definitions.md, "Portfolio review".
CREATE OR REPLACE TEMP TABLE facts AS
WITH prog AS (
    SELECT p.*, pp.carried_from
    FROM projects p JOIN programme_projects pp ON pp.pno = p.pno
    WHERE pp.programme_id = $programme
),
ledger AS (
    SELECT t.pno,
        coalesce(sum(t.amount_usd) FILTER (WHERE t.type = 'disbursement'), 0) AS disbursed,
        coalesce(sum(t.amount_usd) FILTER (WHERE t.type = 'disbursement' AND t.date < $fy_start), 0) AS disbursed_before_fy,
        coalesce(sum(t.amount_usd) FILTER (WHERE t.type = 'disbursement' AND t.date <= $fy_end), 0) AS disbursed_to_fy_end,
        coalesce(sum(t.amount_usd) FILTER (WHERE t.type = 'cancellation'), 0) AS cancelled,
        coalesce(sum(t.amount_usd) FILTER (WHERE t.type = 'cancellation' AND t.date < $fy_start), 0) AS cancelled_before_fy,
        coalesce(sum(t.amount_usd) FILTER (WHERE t.type = 'cancellation' AND t.date <= $window_start), 0) AS cancelled_at_window,
        coalesce(sum(t.amount_usd) FILTER (WHERE t.type = 'commitment'), 0) AS extra,
        coalesce(sum(t.amount_usd) FILTER (WHERE t.type = 'commitment' AND t.date < $fy_start), 0) AS extra_before_fy,
        coalesce(sum(t.amount_usd) FILTER (WHERE t.type = 'commitment' AND t.date <= $window_start), 0) AS extra_at_window,
        coalesce(sum(t.amount_usd) FILTER (WHERE t.type = 'loan-repayment'), 0) AS repaid,
        bool_or(t.illustrative) AS ledger_illustrative
    FROM transactions t SEMI JOIN prog ON prog.pno = t.pno
    WHERE t.date <= $as_of
    GROUP BY t.pno
),
scored AS (
    SELECT r.pno, r.kind, r.date, r.rating, r.illustrative, s.score,
        -- latest first; on the same day the worse rating wins
        date_diff('day', DATE '1900-01-01', r.date) * 10 + (9 - s.score) AS rank_key
    FROM ratings r SEMI JOIN prog ON prog.pno = r.pno
    JOIN outcome_scores s ON s.rating = r.rating
    WHERE r.date <= $as_of
),
rated_now AS (
    SELECT pno, kind, arg_max(rating, rank_key) AS rating, arg_max(score, rank_key) AS score,
        max(date) AS date, arg_max(illustrative, rank_key) AS illustrative
    FROM scored GROUP BY pno, kind
),
rated_then AS (
    SELECT pno, kind, arg_max(score, rank_key) AS score
    FROM scored WHERE date <= $window_start AND kind IN ('DO', 'IP') GROUP BY pno, kind
),
ratings_now AS (
    SELECT pno,
        max(rating) FILTER (WHERE kind = 'DO') AS do_rating, max(score) FILTER (WHERE kind = 'DO') AS do_score,
        max(date) FILTER (WHERE kind = 'DO') AS do_date,
        bool_or(illustrative) FILTER (WHERE kind = 'DO') AS do_illustrative,
        max(rating) FILTER (WHERE kind = 'IP') AS ip_rating, max(score) FILTER (WHERE kind = 'IP') AS ip_score,
        max(date) FILTER (WHERE kind = 'IP') AS ip_date,
        bool_or(illustrative) FILTER (WHERE kind = 'IP') AS ip_illustrative,
        max(rating) FILTER (WHERE kind = 'FM') AS fm_rating, max(score) FILTER (WHERE kind = 'FM') AS fm_score,
        max(date) FILTER (WHERE kind = 'FM') AS fm_date,
        bool_or(illustrative) FILTER (WHERE kind = 'FM') AS fm_illustrative,
        max(rating) FILTER (WHERE kind = 'procurement') AS proc_rating,
        max(score) FILTER (WHERE kind = 'procurement') AS proc_score,
        max(date) FILTER (WHERE kind = 'procurement') AS proc_date,
        bool_or(illustrative) FILTER (WHERE kind = 'procurement') AS proc_illustrative,
        max(rating) FILTER (WHERE kind = 'E&S') AS es_rating, max(score) FILTER (WHERE kind = 'E&S') AS es_score,
        max(date) FILTER (WHERE kind = 'E&S') AS es_date,
        bool_or(illustrative) FILTER (WHERE kind = 'E&S') AS es_illustrative,
        max(rating) FILTER (WHERE kind = 'M&E') AS me_rating, max(score) FILTER (WHERE kind = 'M&E') AS me_score,
        max(date) FILTER (WHERE kind = 'M&E') AS me_date,
        bool_or(illustrative) FILTER (WHERE kind = 'M&E') AS me_illustrative,
        max(rating) FILTER (WHERE kind = 'PM') AS pm_rating, max(score) FILTER (WHERE kind = 'PM') AS pm_score,
        max(date) FILTER (WHERE kind = 'PM') AS pm_date,
        bool_or(illustrative) FILTER (WHERE kind = 'PM') AS pm_illustrative,
        bool_or(illustrative) AS ratings_illustrative
    FROM rated_now GROUP BY pno
),
ratings_then AS (
    SELECT pno, min(score) AS worst_then FROM rated_then GROUP BY pno
),
ev AS (
    SELECT e.pno,
        count(*) FILTER (WHERE e.kind = 'extension') AS extension_events,
        count(*) FILTER (WHERE e.kind = 'extension' AND e.date <= $as_of) AS extensions_by_date,
        arg_max(e.new_closing, e.date) FILTER (WHERE e.kind = 'extension' AND e.date <= $as_of) AS closing_by_events,
        min(e.date) FILTER (WHERE e.kind = 'counterpart-shortfall' AND e.date <= $as_of
                                  AND (e.end_date IS NULL OR e.end_date > $as_of)) AS counterpart_since,
        arg_min(e.note, e.date) FILTER (WHERE e.kind = 'counterpart-shortfall' AND e.date <= $as_of
                                  AND (e.end_date IS NULL OR e.end_date > $as_of)) AS counterpart_note,
        min(e.date) FILTER (WHERE e.kind = 'covenant-breach' AND e.date <= $as_of
                                  AND (e.end_date IS NULL OR e.end_date > $as_of)) AS covenant_since,
        arg_min(e.note, e.date) FILTER (WHERE e.kind = 'covenant-breach' AND e.date <= $as_of
                                  AND (e.end_date IS NULL OR e.end_date > $as_of)) AS covenant_note,
        min(e.date) FILTER (WHERE e.kind IN ('restructuring', 'extension')
                                  AND e.date > $window_start AND e.date <= $as_of) AS restructured_on,
        min(e.date) FILTER (WHERE e.kind = 'suspension' AND e.date > $window_start AND e.date <= $as_of) AS suspended_on,
        bool_or(e.illustrative) FILTER (WHERE e.date <= $as_of) AS events_illustrative
    FROM events e SEMI JOIN prog ON prog.pno = e.pno
    GROUP BY e.pno
),
plan AS (
    SELECT pl.pno,
        count(*) AS plan_points,
        max(pl.date) FILTER (WHERE pl.date <= $as_of) AS plan_before_date,
        arg_max(pl.amount_usd, pl.date) FILTER (WHERE pl.date <= $as_of) AS plan_before,
        min(pl.date) FILTER (WHERE pl.date > $as_of) AS plan_after_date,
        arg_min(pl.amount_usd, pl.date) FILTER (WHERE pl.date > $as_of) AS plan_after
    FROM planned pl SEMI JOIN prog ON prog.pno = pl.pno
    GROUP BY pl.pno
),
country AS (
    SELECT
        bool_or(kind = 'country-environment') AS country_environment,
        bool_or(kind = 'country-record' AND (value IS NULL OR value > $record_share)) AS country_record
    FROM country_flags
    WHERE programme_id = $programme AND date <= $as_of AND (end_date IS NULL OR end_date > $as_of)
),
base AS (
    SELECT prog.pno, prog.id, prog.name, prog.institution, prog.instrument, prog.status, prog.approval,
        prog.effectiveness, prog.original_closing, prog.revised_closing, prog.implementing_agency,
        prog.carried_from, prog.illustrative,
        coalesce(prog.commitment_usd, 0) AS commitment_usd,
        coalesce(ledger.disbursed, 0) AS disbursed,
        coalesce(ledger.disbursed_before_fy, 0) AS disbursed_before_fy,
        coalesce(ledger.disbursed_to_fy_end, 0) AS disbursed_to_fy_end,
        coalesce(ledger.cancelled, 0) AS cancelled,
        coalesce(ledger.cancelled, 0) - coalesce(ledger.cancelled_at_window, 0) AS cancelled_in_window,
        coalesce(ledger.repaid, 0) AS repaid,
        coalesce(prog.commitment_usd, 0) + coalesce(ledger.extra, 0) - coalesce(ledger.cancelled, 0) AS net_commitment,
        coalesce(prog.commitment_usd, 0) + coalesce(ledger.extra_before_fy, 0)
            - coalesce(ledger.cancelled_before_fy, 0) AS net_at_fy_start,
        coalesce(prog.commitment_usd, 0) + coalesce(ledger.extra_at_window, 0)
            - coalesce(ledger.cancelled_at_window, 0) AS net_at_window,
        coalesce(ledger.ledger_illustrative, false) AS ledger_illustrative,
        ratings_now.*  EXCLUDE (pno),
        ratings_then.worst_then,
        ev.* EXCLUDE (pno),
        plan.* EXCLUDE (pno),
        coalesce(country.country_environment, false) AS country_environment,
        coalesce(country.country_record, false) AS country_record,
        prog.status NOT IN ('pipeline', 'dropped') AND prog.approval IS NOT NULL AS approved_ever,
        coalesce(prog.revised_closing, prog.original_closing) AS closing,
        CASE
            WHEN coalesce(ev.extension_events, 0) > 0 THEN coalesce(ev.closing_by_events, prog.original_closing)
            WHEN prog.revised_closing IS NULL OR prog.original_closing IS NULL
                THEN coalesce(prog.revised_closing, prog.original_closing)
            WHEN prog.revised_closing < prog.original_closing THEN prog.revised_closing
            WHEN $as_of <= prog.original_closing THEN prog.original_closing
            ELSE prog.revised_closing
        END AS closing_in_force
    FROM prog
    LEFT JOIN ledger ON ledger.pno = prog.pno
    LEFT JOIN ratings_now ON ratings_now.pno = prog.pno
    LEFT JOIN ratings_then ON ratings_then.pno = prog.pno
    LEFT JOIN ev ON ev.pno = prog.pno
    LEFT JOIN plan ON plan.pno = prog.pno
    CROSS JOIN country
),
state AS (
    SELECT base.*,
        list_contains($universe, instrument) AS in_universe,
        approved_ever AND approval <= $as_of AS approved,
        greatest(net_commitment - disbursed, 0) AS undisbursed,
        effectiveness IS NOT NULL AND effectiveness <= $as_of AS effective,
        CASE WHEN effectiveness IS NOT NULL AND effectiveness <= $as_of
             THEN date_diff('day', approval, effectiveness) / 30.4375
             ELSE date_diff('day', approval, $as_of) / 30.4375 END AS effectiveness_lag_months,
        CASE WHEN effectiveness IS NOT NULL AND effectiveness <= $as_of
             THEN date_diff('day', effectiveness, $as_of) / 30.4375 END AS months_effective,
        date_diff('day', approval, $as_of) / 365.25 AS age_years,
        CASE WHEN closing_in_force > original_closing
             THEN date_diff('day', original_closing, closing_in_force) / 30.4375 ELSE 0 END AS extension_months,
        CASE WHEN coalesce(extension_events, 0) > 0 THEN extensions_by_date
             WHEN closing_in_force > original_closing THEN 1 ELSE 0 END AS extension_count,
        least(coalesce(do_score, 99), coalesce(ip_score, 99)) AS worst_now,
        -- planned cumulative disbursement: the operation's own plan, else the standard profile
        CASE
            WHEN coalesce(plan_points, 0) > 0 THEN
                CASE
                    WHEN plan_after_date IS NULL THEN CAST(plan_before AS DOUBLE)
                    WHEN plan_before_date IS NULL THEN
                        CASE WHEN coalesce(effectiveness, approval) < plan_after_date AND coalesce(effectiveness, approval) <= $as_of
                             THEN CAST(plan_after AS DOUBLE) * date_diff('day', coalesce(effectiveness, approval), $as_of)
                                  / date_diff('day', coalesce(effectiveness, approval), plan_after_date)
                             ELSE 0 END
                    ELSE CAST(plan_before AS DOUBLE) + (CAST(plan_after AS DOUBLE) - CAST(plan_before AS DOUBLE))
                         * date_diff('day', plan_before_date, $as_of) / date_diff('day', plan_before_date, plan_after_date)
                END
            WHEN effectiveness IS NOT NULL AND original_closing > effectiveness THEN
                CAST(greatest(net_commitment, 0) AS DOUBLE) * (
                    3 * pow(least(greatest(date_diff('day', effectiveness, $as_of) / date_diff('day', effectiveness, original_closing), 0), 1), 2)
                    - 2 * pow(least(greatest(date_diff('day', effectiveness, $as_of) / date_diff('day', effectiveness, original_closing), 0), 1), 3))
        END AS planned_raw
    FROM base
),
active AS (
    SELECT state.*,
        in_universe AND approved AND (closing IS NULL OR $as_of <= closing) AND net_commitment > 0 AS active,
        in_universe AND approved_ever AND approval <= $window_start AND (closing IS NULL OR $window_start <= closing)
            AND net_at_window > 0 AS active_at_window,
        CASE WHEN plan_points > 0 THEN least(planned_raw, CAST(greatest(net_commitment, 0) AS DOUBLE))
             ELSE planned_raw END AS planned,
        CASE WHEN plan_points > 0 THEN 'plan' WHEN planned_raw IS NOT NULL THEN 'profile' END AS plan_basis
    FROM state
),
flagged AS (
    SELECT active.*,
        active AND effectiveness_lag_months > $eff_months AS f_effectiveness,
        active AND list_contains($ratio_instruments, instrument) AND effective AND months_effective >= $lag_min_months
            AND planned > 0 AND CAST(disbursed AS DOUBLE) < $lag_share * planned AS f_disbursement,
        active AND coalesce(fm_score <= $rating_threshold, false) AS f_fm,
        active AND coalesce(proc_score <= $rating_threshold, false) AS f_procurement,
        active AND coalesce(es_score <= $rating_threshold, false) AS f_safeguards,
        active AND counterpart_since IS NOT NULL AS f_counterpart,
        active AND coalesce(me_score <= $rating_threshold, false) AS f_me,
        active AND coalesce(pm_score <= $rating_threshold, false) AS f_pm,
        active AND covenant_since IS NOT NULL AS f_covenants,
        active AND (extension_months > $ext_months OR extension_count >= $ext_count) AS f_extension,
        active AND country_record AS f_country_record,
        active AND country_environment AS f_country_environment
    FROM active
),
counted AS (
    SELECT flagged.*,
        f_effectiveness::INT + f_disbursement::INT + f_fm::INT + f_procurement::INT + f_safeguards::INT
            + f_counterpart::INT + f_me::INT + f_pm::INT + f_covenants::INT + f_extension::INT
            + f_country_record::INT + f_country_environment::INT AS n_flags,
        active AND worst_now <= $problem_threshold AS problem,
        active_at_window AND coalesce(worst_then <= $problem_threshold, false) AS problem_at_window,
        in_universe AND list_contains($ratio_instruments, instrument) AND approved_ever AND approval <= $fy_end
            AND (closing IS NULL OR closing >= $fy_start)
            AND (net_at_fy_start > 0 OR (approval >= $fy_start AND net_commitment > 0)) AS in_fy,
        approval < $fy_start AS opening
    FROM flagged
)
SELECT counted.*,
    NOT problem AND n_flags >= $ppp_flags AS potential,
    problem OR (active AND n_flags >= $ppp_flags) AS at_risk,
    problem_at_window AND active AND NOT problem AS upgraded,
    problem_at_window AND cancelled_in_window > 0 AND net_commitment > 0 AS partially_cancelled,
    problem_at_window AND NOT active AS closed_or_cancelled,
    problem_at_window AND (
        (active AND NOT problem) OR restructured_on IS NOT NULL OR suspended_on IS NOT NULL
        OR (cancelled_in_window > 0 AND net_commitment > 0) OR NOT active
    ) AS acted
FROM counted;
