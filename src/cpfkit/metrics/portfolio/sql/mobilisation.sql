-- Private capital mobilised by the programme's own operations (MDB joint methodology, docs/portfolio.md).
-- One row per financing line, with the institution it is attributed to, whether it is a repeat of a line
-- already counted on another operation (same financier, kind and amount: counted once), the operation's own
-- commitment and the co-mobilisers the line names (the weights of a pro-rata attribution).
WITH ops AS (
    SELECT p.pno, p.id, p.institution, p.instrument, p.approval, p.commitment_usd, p.status,
        p.status NOT IN ('pipeline', 'dropped') AND p.approval IS NOT NULL AND p.approval <= $as_of AS approved
    FROM projects p JOIN programme_projects pp ON pp.pno = p.pno
    WHERE pp.programme_id = $programme AND pp.carried_from IS NULL AND p.status <> 'dropped'
)
SELECT ops.id AS project, ops.institution AS project_institution, ops.approved,
    f.financier, f.kind, f.amount_usd, f.mechanism, f.mobilised_by,
    CASE WHEN f.kind = 'private-direct' THEN coalesce(f.mobilised_by, ops.institution)
         WHEN f.kind = 'private-indirect' THEN ops.institution END AS attributed_to,
    f.illustrative,
    row_number() OVER (
        PARTITION BY ops.approved, lower(trim(f.financier)), f.kind, f.amount_usd ORDER BY ops.approval, ops.id
    ) > 1 AS repeat,
    ops.pno, ops.commitment_usd, f.co_mobilisers
FROM financing f JOIN ops ON ops.pno = f.pno
ORDER BY ops.approval, ops.id, f.kind, f.financier;
