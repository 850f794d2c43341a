namespace TaoLens.Core.Valuation;

/// <summary>One thing wrong with a ledger entry: the field (as the API names it) and a sentence saying what is needed.</summary>
public sealed record RevenueEntryError(string Field, string Message);

/// <summary>
/// The engine's rules for a ledger entry, field by field: the one implementation behind the engine's "invalid input"
/// (<see cref="RevenueResolver"/>), the ledger's form, its API and its import (docs/metrics.md, "Revenue ledger").
/// </summary>
public static class RevenueEntryRules
{
    public const string PeriodRequired = "A realised entry needs a period: a start and an end after it.";
    public const string PeriodWholeDays = "A realised period starts and ends at UTC midnight (whole UTC days); a part-day period would be scaled to a year wrongly.";
    public const string AsOfRequired = "A run-rate entry needs an as-of date.";
    public const string AmountRequired = "An amount, or both low and high, is required.";
    public const string NotNegative = "Amounts are not negative.";
    public const string Ordered = "Low ≤ amount ≤ high is required.";

    /// <summary>Every rule the entry breaks, in a fixed order; empty when the engine can use it.</summary>
    public static IReadOnlyList<RevenueEntryError> Check(RevenueEntryInput entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var errors = new List<RevenueEntryError>();
        if (entry.Kind == RevenueEntryKind.Realised)
        {
            if (entry.PeriodStart is not { } start || entry.PeriodEnd is not { } end || end <= start)
            {
                errors.Add(new("periodEnd", PeriodRequired));
            }
            else if (!RevenueResolver.IsWholeUtcDays(start, end))
            {
                errors.Add(new(start.UtcTicks % TimeSpan.TicksPerDay != 0 ? "periodStart" : "periodEnd", PeriodWholeDays));
            }
        }
        else if (entry.AsOf is null)
        {
            errors.Add(new("asOf", AsOfRequired));
        }

        if (entry.AmountUsd is null && (entry.LowUsd is null || entry.HighUsd is null))
        {
            errors.Add(new("amountUsd", AmountRequired));
            return errors;
        }

        var negative = entry.AmountUsd < 0m ? "amountUsd" : entry.LowUsd < 0m ? "lowUsd" : entry.HighUsd < 0m ? "highUsd" : null;
        if (negative is not null)
        {
            errors.Add(new(negative, NotNegative));
            return errors;
        }

        var @base = entry.AmountUsd ?? (entry.LowUsd!.Value + entry.HighUsd!.Value) / 2m;
        if (entry.LowUsd > @base || entry.HighUsd < @base || entry.LowUsd > entry.HighUsd)
        {
            errors.Add(new(entry.LowUsd > @base || entry.LowUsd > entry.HighUsd ? "lowUsd" : "highUsd", Ordered));
        }

        return errors;
    }
}
