using System.Globalization;
using TaoLens.Core.Valuation;

namespace TaoLens.Web.Features.Revenue;

/// <summary>
/// A ledger entry as text, the way the <c>/revenue</c> form posts it: numbers in USD with a dot for decimals, days as
/// YYYY-MM-DD (UTC). A realised period is given by its first and last day (both included), so it is whole UTC days
/// by construction. <see cref="ToRequest"/> reads the text; <see cref="LedgerValidation"/> then applies the rules.
/// </summary>
public sealed class LedgerEntryForm
{
    public string? Scope { get; set; }
    public string? Netuid { get; set; }
    public string? CoversNetuids { get; set; }
    public string? Subject { get; set; }
    public string? Kind { get; set; }
    public string? PeriodStart { get; set; }
    public string? PeriodLastDay { get; set; }
    public string? AsOf { get; set; }
    public string? AmountUsd { get; set; }
    public string? LowUsd { get; set; }
    public string? HighUsd { get; set; }
    public string? ExternalComponents { get; set; }
    public string? SourceName { get; set; }
    public string? SourceUrl { get; set; }
    public string? SourceKind { get; set; }
    public string? PublishedAt { get; set; }
    public string? Note { get; set; }

    /// <summary>The form filled with an entry's values, to correct it.</summary>
    public static LedgerEntryForm From(LedgerEntryView entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new LedgerEntryForm
        {
            Kind = entry.Kind,
            PeriodStart = Day(entry.PeriodStart),
            PeriodLastDay = Day(entry.PeriodEnd?.AddDays(-1)),
            AsOf = Day(entry.AsOf),
            AmountUsd = Number(entry.AmountUsd),
            LowUsd = Number(entry.LowUsd),
            HighUsd = Number(entry.HighUsd),
            ExternalComponents = entry.ExternalComponents,
            SourceName = entry.SourceName,
            SourceUrl = entry.SourceUrl,
            SourceKind = entry.SourceKind,
            PublishedAt = Day(entry.PublishedAt),
            Note = entry.Note,
        };
    }

    /// <summary>The request, or what cannot be read (field names as the API's).</summary>
    public (RevenueEntryRequest? Request, Dictionary<string, string[]> Errors) ToRequest()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var netuid = WholeNumber(Netuid, "netuid", errors);
        List<int>? covers = null;
        if (!string.IsNullOrWhiteSpace(CoversNetuids))
        {
            covers = [];
            foreach (var part in CoversNetuids.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (WholeNumber(part, "coversNetuids", errors) is { } n)
                {
                    covers.Add(n);
                }
            }
        }

        var kind = LedgerValidation.ParseKind(Kind);
        var start = Date(PeriodStart, "periodStart", errors);
        var lastDay = Date(PeriodLastDay, "periodEnd", errors);
        var request = new RevenueEntryRequest(
            Scope, netuid, covers, Subject, Kind,
            kind == RevenueEntryKind.Realised ? start : null,
            kind == RevenueEntryKind.Realised ? lastDay?.AddDays(1) : null,
            kind == RevenueEntryKind.RunRate ? Date(AsOf, "asOf", errors) : null,
            Money(AmountUsd, "amountUsd", errors), Money(LowUsd, "lowUsd", errors), Money(HighUsd, "highUsd", errors),
            ExternalComponents, SourceName, SourceUrl, SourceKind, Date(PublishedAt, "publishedAt", errors), Note);
        return (errors.Count == 0 ? request : null, errors);
    }

    private static int? WholeNumber(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= ushort.MaxValue)
        {
            return n;
        }

        errors.TryAdd(field, [$"{field}: '{Short(text)}' is not a netuid (a whole number from 0 to 65535)."]);
        return null;
    }

    private static decimal? Money(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // Thousands separators are allowed (2,400,000); a decimal comma is not, so "2,5" is never read as 25.
        var trimmed = text.Trim().TrimStart('$').Replace("_", "", StringComparison.Ordinal);
        if (decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && (!trimmed.Contains(',', StringComparison.Ordinal) || ThousandsGrouped(trimmed)))
        {
            return value;
        }

        errors.TryAdd(field, [$"{field}: '{Short(text)}' is not an amount in USD (like 2400000 or 2400000.50)."]);
        return null;
    }

    private static bool ThousandsGrouped(string text)
    {
        var whole = text.Split('.')[0].TrimStart('-', '+');
        var groups = whole.Split(',');
        return groups[0].Length is >= 1 and <= 3 && groups.Skip(1).All(g => g.Length == 3);
    }

    private static DateTimeOffset? Date(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        errors.TryAdd(field, [$"{field}: '{Short(text)}' is not a day (YYYY-MM-DD)."]);
        return null;
    }

    private static string Short(string text) => text.Length <= 40 ? text.Trim() : text[..40].Trim() + "…";

    private static string? Day(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);
}
