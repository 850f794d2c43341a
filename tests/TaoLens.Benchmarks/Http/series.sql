-- The SQL behind GET /api/v1/subnets/12/series?from=2025-11-01&to=2026-10-31&window=30, as EF Core sends it
-- (captured with Microsoft.EntityFrameworkCore.Database.Command at Information): the pgbench baseline.
-- The 30-day window reads from 2025-10-03; the range ends before 2026-11-01.
SELECT s.netuid, s.day, s.alpha_in_emission_count, s.alpha_in_emission_sum, s.alpha_in_pool_rao, s.alpha_out_emission_count, s.alpha_out_emission_sum, s.alpha_outstanding_rao, s.alpha_price_tao, s.excess_tao_count, s.excess_tao_sum, s.moving_price_tao, s.snapshot_count, s.tao_in_emission_count, s.tao_in_emission_sum, s.tao_in_pool_rao
FROM subnet_days AS s
WHERE s.day >= '2025-10-03T00:00:00Z' AND s.day < '2026-11-01T00:00:00Z' AND s.netuid = 12
ORDER BY s.netuid, s.day;
SELECT m.day, m.circulating_supply, m.fully_diluted_valuation_usd, m.market_cap_usd, m.max_supply, m.price_usd, m.total_supply, m.volume24h_usd
FROM market_days AS m
WHERE m.day >= '2025-10-03T00:00:00Z' AND m.day < '2026-11-01T00:00:00Z'
ORDER BY m.day;
SELECT r.id, r.amount_usd, r.as_of, r.corrects_id, r.entered_at, r.entered_by, r.external_components, r.high_usd, r.is_reference_data, r.kind, r.low_usd, r.netuid, r.note, r.period_end, r.period_start, r.published_at, r.source_kind, r.source_name, r.source_url, r.subject
FROM revenue_entries AS r
WHERE r.netuid IS NULL OR r.netuid = 12;
SELECT d.netuid, d.day, d.component, d.source, d.amount_usd, d.counts_as_external
FROM daily_revenues AS d
WHERE d.day >= '2025-10-03T00:00:00Z' AND d.day < '2026-11-01T00:00:00Z' AND d.netuid = 12;
