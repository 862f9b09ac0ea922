-- The portfolio review indicators over the facts of one programme (domain.md §2.1–2.8).
SELECT
    count(*) FILTER (WHERE active) AS active_projects,
    coalesce(sum(net_commitment) FILTER (WHERE active), 0) AS net_commitment_usd,
    coalesce(sum(disbursed) FILTER (WHERE active), 0) AS disbursed_usd,
    coalesce(sum(undisbursed) FILTER (WHERE active), 0) AS undisbursed_usd,
    count(*) FILTER (WHERE problem) AS problem_projects,
    count(*) FILTER (WHERE potential) AS potential_problem_projects,
    count(*) FILTER (WHERE at_risk) AS projects_at_risk,
    coalesce(sum(net_commitment) FILTER (WHERE at_risk), 0) AS commitments_at_risk_usd,
    count(*) FILTER (WHERE active AND do_score IS NULL AND ip_score IS NULL) AS unrated_projects,
    count(*) FILTER (WHERE active AND n_flags > 0) AS flagged_projects,
    coalesce(sum(n_flags), 0) AS flags_raised,
    avg(age_years) FILTER (WHERE active) AS average_age_years,
    avg(effectiveness_lag_months) FILTER (WHERE active AND effective) AS average_effectiveness_lag_months,
    count(*) FILTER (WHERE active AND NOT effective) AS not_yet_effective,
    count(*) FILTER (WHERE active AND extension_months > 0) AS projects_extended,
    avg(extension_months) FILTER (WHERE active AND extension_months > 0) AS average_extension_months,
    coalesce(sum(extension_count) FILTER (WHERE active), 0) AS closing_date_extensions,
    count(*) FILTER (WHERE problem_at_window) AS proactivity_base,
    count(*) FILTER (WHERE acted) AS proactivity_acted,
    coalesce(sum(disbursed_to_fy_end - disbursed_before_fy) FILTER (WHERE in_fy AND (opening OR $include_new)), 0)
        AS fy_disbursed_usd,
    coalesce(sum(greatest(net_at_fy_start - disbursed_before_fy, 0)) FILTER (WHERE in_fy AND opening), 0)
        AS fy_opening_undisbursed_usd,
    count(*) FILTER (WHERE in_fy AND (opening OR $include_new)) AS fy_projects,
    count(*) FILTER (WHERE in_fy AND NOT opening) AS fy_new_approvals,
    count(*) FILTER (WHERE active AND NOT list_contains($ratio_instruments, instrument)) AS fy_excluded_instruments,
    coalesce(sum(disbursed - repaid) FILTER (WHERE approved AND institution = 'IBRD' AND instrument <> 'guarantee'), 0)
        AS ibrd_outstanding_usd,
    coalesce(sum(net_commitment) FILTER (WHERE approved AND institution = 'IBRD' AND instrument = 'guarantee'
        AND (closing IS NULL OR $as_of <= closing)), 0) AS ibrd_guarantees_usd
FROM facts;
