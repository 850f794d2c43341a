using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using TaoLens.Core.Claims;
using TaoLens.Core.Text;
using TaoLens.Core.Valuation;
using TaoLens.Data.Claims;
using TaoLens.Data.Ingestion;
using TaoLens.Data.Revenue;
using TaoLens.Data.Snapshots;
using TaoLens.Data.Subnets;

namespace TaoLens.Data.ReferenceData;

/// <summary>
/// Loads the offline reference dataset shipped in this assembly (see PROVENANCE.md) so a new install with no
/// network shows real numbers. Every row is marked as reference data; loading twice changes nothing.
/// </summary>
public sealed class ReferenceDataLoader(TaoLensDbContext db, TimeProvider time, ILogger<ReferenceDataLoader> logger)
{
    public const string SourceName = "reference";

    // The files are ours and generated: anything off (a ragged row, a stray quote, a missing column) is a build mistake to fail on.
    private static readonly CsvReaderOptions Strict = new()
    {
        Separator = ',',
        FormatProvider = CultureInfo.InvariantCulture,
        FieldCountMismatch = CsvFieldCountHandling.Throw,
        MalformedData = CsvMalformedDataHandling.Throw,
        MissingField = CsvMissingFieldHandling.Throw,
        TrackLineNumbers = true,
    };

    /// <summary>Loads only into a database that has no subnets yet; returns whether it loaded.</summary>
    public async Task<bool> LoadIfEmptyAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Subnets.AnyAsync(cancellationToken))
        {
            return false;
        }

        await LoadAsync(cancellationToken);
        return true;
    }

    /// <summary>Inserts every reference row that is not there yet, in one transaction; returns the rows written.</summary>
    public async Task<int> LoadAsync(CancellationToken cancellationToken = default)
    {
        var startedAt = time.GetUtcNow();
        var subnets = Read("subnets.csv", r => (Netuid: ParseInt(r, "netuid"), Name: UntrustedText.Clean(Field(r, "name"), Subnet.NameMaxLength)));
        var emissions = Read("subnet-emissions.csv", r => new SubnetSnapshot
        {
            ObservedAt = ParseInstant(r, "observed_at"),
            Netuid = ParseInt(r, "netuid"),
            Source = SourceName,
            TaoInEmissionRao = ParseLong(r, "tao_in_emission_rao"),
        });
        // Alpha prices are the day's last sample (23:58 UTC), stored at that instant beside the emission snapshot.
        var alphaPrices = Read("subnet-alpha-prices.csv", r => new SubnetSnapshot
        {
            ObservedAt = ParseInstant(r, "observed_at"),
            Netuid = ParseInt(r, "netuid"),
            Source = SourceName,
            BlockNumber = ParseLong(r, "block_number"),
            AlphaPriceTao = ParseDecimal(r, "alpha_price_tao"),
        });

        // Only the real daily price: a day without one has no row, so its USD figures are missing (no price).
        var market = Read("tao-market.csv", r => new TaoMarketSnapshot
        {
            ObservedAt = ParseInstant(r, "observed_at"),
            Source = SourceName,
            PriceUsd = ParseDecimal(r, "price_usd"),
        });
        var revenue = Read("revenue-entries.csv", r => ToRevenueEntry(r, startedAt));
        var figureClaims = Read("figure-claims.csv", r => ToFigureClaim(r, startedAt));

        var firstSeen = emissions.Min(e => e.ObservedAt);
        var lastSeen = emissions.Max(e => e.ObservedAt);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = 0;

        rows += await ExecuteAsync(connection, """
            INSERT INTO subnets (netuid, name, first_seen_at, last_seen_at, is_reference_data)
            SELECT netuid, name, $3, $4, true FROM unnest($1::integer[], $2::text[]) AS t(netuid, name)
            ON CONFLICT (netuid) DO NOTHING
            """, cancellationToken,
            subnets.Select(s => s.Netuid).ToArray(), subnets.Select(s => s.Name).ToArray(), firstSeen, lastSeen);

        // The same writers as live ingestion: a row already stored with the same values is left alone.
        rows += await SnapshotWriter.WriteAsync(connection, [.. emissions, .. alphaPrices], cancellationToken);
        rows += await MarketSnapshotWriter.WriteAsync(connection, market, cancellationToken);

        foreach (var entry in revenue)
        {
            rows += await ExecuteAsync(connection, """
                INSERT INTO revenue_entries (netuid, covers_netuids, subject, kind, period_start, period_end, as_of, amount_usd, low_usd, high_usd, external_components,
                    source_name, source_url, source_kind, published_at, note, entered_by, entered_at, is_reference_data)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, true)
                ON CONFLICT DO NOTHING
                """, cancellationToken,
                entry.Netuid, entry.CoversNetuids, entry.Subject, entry.Kind.ToString(), entry.PeriodStart, entry.PeriodEnd, entry.AsOf, entry.AmountUsd, entry.LowUsd, entry.HighUsd,
                entry.ExternalComponents, entry.SourceName, entry.SourceUrl, entry.SourceKind.ToString(), entry.PublishedAt, entry.Note, entry.EnteredBy, entry.EnteredAt);
        }

        foreach (var claim in figureClaims)
        {
            rows += await ExecuteAsync(connection, """
                INSERT INTO figure_claims (quantity, netuid, subject, as_of, period_start, period_end, base_value, low_value, high_value,
                    source_name, source_url, source_kind, published_at, quote, note, entered_by, entered_at, is_reference_data)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, true)
                ON CONFLICT DO NOTHING
                """, cancellationToken,
                claim.Quantity.ToString(), claim.Netuid, claim.Subject, claim.AsOf, claim.PeriodStart, claim.PeriodEnd, claim.BaseValue, claim.LowValue, claim.HighValue,
                claim.SourceName, claim.SourceUrl, claim.SourceKind.ToString(), claim.PublishedAt, claim.Quote, claim.Note, claim.EnteredBy, claim.EnteredAt);
        }

        db.IngestionRuns.Add(new IngestionRun
        {
            Source = SourceName,
            StartedAt = startedAt,
            FinishedAt = time.GetUtcNow(),
            Status = IngestionRunStatus.Succeeded,
            RowsWritten = rows,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Reference data: {Rows} rows written ({Subnets} subnets, {Days} days of emissions, {Prices} days with a TAO price, {Claims} claims besides revenue)",
            rows, subnets.Count, emissions.Select(e => e.ObservedAt).Distinct().Count(), market.Count, figureClaims.Count);
        return rows;
    }

    private static RevenueEntry ToRevenueEntry(CsvReader r, DateTimeOffset enteredAt) => new()
    {
        Netuid = Optional(r, "netuid") is null ? null : ParseInt(r, "netuid"),
        // A group claim's subnets, separated by semicolons ("4;51;64").
        CoversNetuids = Optional(r, "covers_netuids")?.Split(';').Select(n => int.Parse(n, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray(),
        Subject = UntrustedText.Clean(Field(r, "subject"), RevenueEntry.SubjectMaxLength) ?? throw new FormatException($"revenue-entries.csv line {r.LineNumber}: subject is empty."),
        Kind = Enum.Parse<RevenueEntryKind>(Field(r, "kind")),
        PeriodStart = ParseOptionalInstant(r, "period_start"),
        PeriodEnd = ParseOptionalInstant(r, "period_end"),
        AsOf = ParseOptionalInstant(r, "as_of"),
        AmountUsd = ParseOptionalDecimal(r, "amount_usd"),
        LowUsd = ParseOptionalDecimal(r, "low_usd"),
        HighUsd = ParseOptionalDecimal(r, "high_usd"),
        ExternalComponents = UntrustedText.Clean(Field(r, "external_components"), RevenueEntry.TextMaxLength),
        SourceName = UntrustedText.Clean(Field(r, "source_name"), RevenueEntry.SubjectMaxLength * 2) ?? "",
        SourceUrl = UntrustedText.Clean(Field(r, "source_url"), RevenueEntry.UrlMaxLength),
        SourceKind = Enum.Parse<RevenueSourceType>(Field(r, "source_kind")),
        PublishedAt = ParseOptionalInstant(r, "published_at"),
        Note = UntrustedText.Clean(Field(r, "note"), RevenueEntry.TextMaxLength),
        EnteredBy = "TaoLens reference data",
        EnteredAt = enteredAt,
        IsReferenceData = true,
    };

    private static FigureClaim ToFigureClaim(CsvReader r, DateTimeOffset enteredAt) => new()
    {
        Quantity = Enum.Parse<ClaimQuantity>(Field(r, "quantity")),
        Netuid = Optional(r, "netuid") is null ? null : ParseInt(r, "netuid"),
        Subject = UntrustedText.Clean(Field(r, "subject"), FigureClaim.SubjectMaxLength) ?? throw new FormatException($"figure-claims.csv line {r.LineNumber}: subject is empty."),
        AsOf = ParseOptionalInstant(r, "as_of"),
        PeriodStart = ParseOptionalInstant(r, "period_start"),
        PeriodEnd = ParseOptionalInstant(r, "period_end"),
        BaseValue = ParseOptionalDecimal(r, "base"),
        LowValue = ParseOptionalDecimal(r, "low"),
        HighValue = ParseOptionalDecimal(r, "high"),
        SourceName = UntrustedText.Clean(Field(r, "source_name"), FigureClaim.SubjectMaxLength * 2) ?? "",
        SourceUrl = UntrustedText.Clean(Field(r, "source_url"), FigureClaim.UrlMaxLength),
        SourceKind = Enum.Parse<RevenueSourceType>(Field(r, "source_kind")),
        PublishedAt = ParseOptionalInstant(r, "published_at"),
        Quote = UntrustedText.Clean(Field(r, "quote"), FigureClaim.TextMaxLength),
        Note = UntrustedText.Clean(Field(r, "note"), FigureClaim.TextMaxLength),
        EnteredBy = "TaoLens reference data",
        EnteredAt = enteredAt,
        IsReferenceData = true,
    };

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(value is null ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Unknown } : new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<T> Read<T>(string name, Func<CsvReader, T> map)
    {
        var assembly = typeof(ReferenceDataLoader).Assembly;
        using var stream = assembly.GetManifestResourceStream($"TaoLens.ReferenceData.{name}")
            ?? throw new InvalidOperationException($"Reference data file {name} is not embedded in {assembly.GetName().Name}.");
        using var csv = CsvReader.Create(stream, Strict, leaveOpen: false);
        var rows = new List<T>();
        while (csv.Read())
        {
            rows.Add(map(csv));
        }

        return rows;
    }

    /// <summary>The raw cell under <paramref name="column"/>; CsvHelper throws, naming the column, when it is absent.</summary>
    private static string Field(CsvReader r, string column) => r.GetString(column);

    private static string? Optional(CsvReader r, string column) => Field(r, column) is { Length: > 0 } value ? value : null;

    private static int ParseInt(CsvReader r, string column) => int.Parse(Field(r, column), NumberStyles.None, CultureInfo.InvariantCulture);

    private static long ParseLong(CsvReader r, string column) => long.Parse(Field(r, column), NumberStyles.None, CultureInfo.InvariantCulture);

    private static decimal ParseDecimal(CsvReader r, string column) => decimal.Parse(Field(r, column), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static decimal? ParseOptionalDecimal(CsvReader r, string column) => Optional(r, column) is null ? null : ParseDecimal(r, column);

    private static DateTimeOffset? ParseOptionalInstant(CsvReader r, string column) => Optional(r, column) is null ? null : ParseInstant(r, column);

    private static DateTimeOffset ParseInstant(CsvReader r, string column) =>
        DateTimeOffset.Parse(Field(r, column), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
}
