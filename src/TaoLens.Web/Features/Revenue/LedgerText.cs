using System.Globalization;

namespace TaoLens.Web.Features.Revenue;

/// <summary>How the ledger pages word an entry's figures and dates.</summary>
public static class LedgerText
{
    public static string Usd(decimal? value) => value is { } v ? "$" + v.ToString("N0", CultureInfo.InvariantCulture) : "n/a";

    public static string Day(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    public static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>"as of 2025-10-01" for a run-rate; "2025-09-01 – 2025-09-30" (last day included) for a realised period.</summary>
    public static string When(LedgerEntryView e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Kind == "run-rate" ? $"as of {Day(e.AsOf)}" : $"{Day(e.PeriodStart)} – {Day(e.PeriodEnd?.AddDays(-1))}";
    }

    /// <summary>The low–high range, when one is given.</summary>
    public static string? Range(decimal? low, decimal? high) =>
        low is null && high is null ? null : $"{Usd(low)}–{Usd(high)}";

    /// <summary>"restated on 2026-12-02 13:00 UTC by a@b, was $1,000,000 ($900,000–$1,100,000)".</summary>
    public static string Restatement(LedgerRestatement r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var range = Range(r.LowUsd, r.HighUsd);
        return $"restated on {Instant(r.RestatedAt)} by {r.RestatedBy}, was {Usd(r.AmountUsd)}{(range is null ? "" : $" ({range})")} (entry #{r.Id}, {r.SourceName})";
    }

    public static string Subject(LedgerEntryView e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Scope switch
        {
            "subnet" => $"SN{e.Netuid} {e.SubnetName}",
            "group" => $"{e.Subject} (group: SN{string.Join(", SN", e.CoversNetuids ?? [])})",
            _ => e.Subject,
        };
    }
}
