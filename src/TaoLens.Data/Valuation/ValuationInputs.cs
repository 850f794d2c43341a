using Microsoft.EntityFrameworkCore;
using Npgsql;
using TaoLens.Core.Valuation;
using TaoLens.Data.Revenue;

namespace TaoLens.Data.Valuation;

/// <summary>
/// Reads what the valuation engine needs for [from, to] — the daily rollups of snapshots and market rows from the
/// first day the trailing window reads, the whole revenue ledger, the daily revenue feeds.
/// The one place stored rows become engine inputs.
/// </summary>
public static class ValuationInputs
{
    /// <summary>All subnets, or only <paramref name="netuid"/> (with the network-wide ledger claims) when given.</summary>
    public static async Task<ValuationInput> LoadAsync(TaoLensDbContext db, DateOnly from, DateOnly to, ValuationOptions options, int? netuid = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);

        var start = Midnight(ValuationEngine.FirstInputDay(from, options));
        var end = Midnight(to.AddDays(1));

        // One connection for the four reads: every open and close through the pool costs the server a session reset.
        await db.Database.OpenConnectionAsync(cancellationToken);
        IReadOnlyList<SubnetDay> subnetDays;
        IReadOnlyList<MarketDay> marketDays;
        List<RevenueEntry> ledger;
        List<DailyRevenue> daily;
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            subnetDays = await SubnetDaysAsync(connection, start, end, netuid, cancellationToken);
            marketDays = await MarketDaysAsync(connection, start, end, cancellationToken);
            ledger = await db.RevenueEntries.AsNoTracking().Where(e => netuid == null || e.Netuid == null || e.Netuid == netuid).ToListAsync(cancellationToken);
            daily = await db.DailyRevenues.AsNoTracking()
                .Where(r => r.Day >= start && r.Day < end && (netuid == null || r.Netuid == netuid))
                .ToListAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return new ValuationInput
        {
            SubnetDays = subnetDays,
            MarketDays = marketDays,
            // The storage and engine enums list the same members in the same order (pinned by a test).
            RevenueEntries = [.. ledger.Select(e => new RevenueEntryInput(e.Id, e.Netuid, (RevenueEntryKind)e.Kind, (RevenueSourceType)e.SourceKind)
            {
                PeriodStart = e.PeriodStart,
                PeriodEnd = e.PeriodEnd,
                AsOf = e.AsOf,
                AmountUsd = e.AmountUsd,
                LowUsd = e.LowUsd,
                HighUsd = e.HighUsd,
                PublishedAt = e.PublishedAt,
                CorrectsId = e.CorrectsId,
            })],
            DailyRevenue = [.. daily.Select(r => new DailyRevenueInput(r.Netuid, DailyRollup.UtcDay(r.Day), r.Component, r.AmountUsd, r.CountsAsExternal))],
        };
    }

    // The daily rollups the database keeps as snapshots arrive (a year of 10-minute snapshots is 144 times as many
    // rows), read straight into engine rows: this is every page's and series request's hot path, and a plain reader
    // skips an entity per row. Two statements rather than "netuid IS NULL OR …", so each keeps its index plan.
    private static async Task<IReadOnlyList<SubnetDay>> SubnetDaysAsync(NpgsqlConnection connection, DateTimeOffset start, DateTimeOffset end, int? netuid, CancellationToken cancellationToken)
    {
        const string Columns = "netuid, day, snapshot_count, tao_in_emission_sum, tao_in_emission_count, excess_tao_sum, excess_tao_count, "
            + "alpha_out_emission_sum, alpha_out_emission_count, alpha_in_emission_sum, alpha_in_emission_count, "
            + "alpha_in_pool_rao, alpha_outstanding_rao, tao_in_pool_rao, alpha_price_tao, moving_price_tao";
        await using var command = new NpgsqlCommand(
            netuid is null
                ? $"SELECT {Columns} FROM subnet_days WHERE day >= $1 AND day < $2 ORDER BY netuid, day"
                : $"SELECT {Columns} FROM subnet_days WHERE netuid = $3 AND day >= $1 AND day < $2 ORDER BY day",
            connection);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = start });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = end });
        if (netuid is { } id)
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = id });
        }

        var days = new List<SubnetDay>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(new SubnetDay(reader.GetInt32(0), DailyRollup.UtcDay(reader.GetFieldValue<DateTimeOffset>(1)))
            {
                SnapshotCount = reader.GetInt32(2),
                TaoInEmissionRao = DailyRollup.Mean(Decimal(reader, 3), reader.GetInt32(4)),
                ExcessTaoRao = DailyRollup.Mean(Decimal(reader, 5), reader.GetInt32(6)),
                AlphaOutEmissionRao = DailyRollup.Mean(Decimal(reader, 7), reader.GetInt32(8)),
                AlphaInEmissionRao = DailyRollup.Mean(Decimal(reader, 9), reader.GetInt32(10)),
                AlphaInPoolRao = Long(reader, 11),
                AlphaOutstandingRao = Long(reader, 12),
                TaoInPoolRao = Long(reader, 13),
                AlphaPriceTao = Decimal(reader, 14),
                MovingPriceTao = Decimal(reader, 15),
            });
        }

        return days;
    }

    private static async Task<IReadOnlyList<MarketDay>> MarketDaysAsync(NpgsqlConnection connection, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT day, price_usd, market_cap_usd, circulating_supply, total_supply, max_supply, fully_diluted_valuation_usd, volume24h_usd "
            + "FROM market_days WHERE day >= $1 AND day < $2 ORDER BY day",
            connection);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = start });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = end });
        var days = new List<MarketDay>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(new MarketDay(DailyRollup.UtcDay(reader.GetFieldValue<DateTimeOffset>(0)))
            {
                PriceUsd = reader.GetDecimal(1),
                MarketCapUsd = Decimal(reader, 2),
                CirculatingSupply = Decimal(reader, 3),
                TotalSupply = Decimal(reader, 4),
                MaxSupply = Decimal(reader, 5),
                FullyDilutedValuationUsd = Decimal(reader, 6),
                Volume24hUsd = Decimal(reader, 7),
            });
        }

        return days;
    }

    private static decimal? Decimal(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDecimal(ordinal);

    private static long? Long(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
