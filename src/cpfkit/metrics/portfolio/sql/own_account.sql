-- Own-account commitments of the programme's own approved operations, by institution (the ratio's denominator):
-- the institutions' own resources, so advisory work and trust-funded grants are left out.
SELECT p.institution, coalesce(sum(p.commitment_usd), 0) AS own_account_usd, count(*) AS operations
FROM projects p JOIN programme_projects pp ON pp.pno = p.pno
WHERE pp.programme_id = $programme AND pp.carried_from IS NULL
    AND p.status NOT IN ('pipeline', 'dropped') AND p.approval IS NOT NULL AND p.approval <= $as_of
    AND p.instrument <> 'ASA' AND p.institution <> 'TF' AND p.commitment_usd IS NOT NULL
GROUP BY p.institution
ORDER BY p.institution;
