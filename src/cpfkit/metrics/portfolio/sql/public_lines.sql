-- Public co-financing lines of the programme's own operations: a co-mobiliser named by a private direct
-- line is one of them, and its amount is that MDB's commitment to the activity (its pro-rata weight).
SELECT f.pno, f.financier, f.amount_usd
FROM financing f JOIN programme_projects pp ON pp.pno = f.pno
WHERE pp.programme_id = $programme AND pp.carried_from IS NULL AND f.kind = 'public'
ORDER BY f.pno, f.financier;
