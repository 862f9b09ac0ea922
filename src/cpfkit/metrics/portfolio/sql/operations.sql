-- One line per operation the programme counts, for the review's table of operations.
SELECT id, name, institution, instrument, implementing_agency, active, net_commitment, disbursed, undisbursed,
    do_rating, ip_rating, problem, potential, at_risk, carried_from, illustrative,
    f_effectiveness, f_disbursement, f_fm, f_procurement, f_safeguards, f_counterpart, f_me, f_pm,
    f_covenants, f_extension, f_country_record, f_country_environment
FROM facts
WHERE approved
ORDER BY active DESC, at_risk DESC, net_commitment DESC, id;
