using TaoLens.Core.Chain;

namespace TaoLens.Core.Valuation;

/// <summary>Where an annualised revenue figure came from.</summary>
public enum RevenueBasis
{
    /// <summary>No figure.</summary>
    None,

    /// <summary>A daily revenue feed, annualised over the trailing window.</summary>
    DailySeries,

    /// <summary>A ledger entry of realised revenue over a period, scaled to a year.</summary>
    RealisedPeriod,

    /// <summary>A ledger entry stating an annualised run-rate, taken as is.</summary>
    RunRate,
}

/// <summary>
/// Annualised external revenue of a subnet (or the whole network) as of one day, with its provenance.
/// <see cref="Annualised"/> is what every multiple uses: a value, or a reason (no data, stale, window incomplete).
/// <see cref="LastKnown"/> keeps the figure even when it is stale, so a page can say "last known $X as of …".
/// </summary>
public readonly record struct ResolvedRevenue(
    Metric Annualised,
    Metric LastKnown,
    RevenueBasis Basis,
    DateOnly? AsOf,
    RevenueSourceType? SourceType,
    long? EntryId)
{
    public bool IsStale => Annualised.Reason == MissingReason.StaleRevenue;

    /// <summary>Days from <see cref="AsOf"/> to the day asked about; null without a figure.</summary>
    public int? AgeDays(DateOnly day) => AsOf is { } asOf ? day.DayNumber - asOf.DayNumber : null;

    internal static ResolvedRevenue None(MissingReason reason) =>
        new(Metric.Missing(reason), Metric.Missing(reason), RevenueBasis.None, null, null, null);
}

/// <summary>
/// Resolves annualised external revenue (docs/metrics.md, "External revenue, annualised"): a daily feed's
/// trailing window when it is complete enough, otherwise the latest ledger entry (corrections applied),
/// flagged stale when its as-of date is more than <see cref="ValuationOptions.StaleAfterDays"/> old.
/// </summary>
public static class RevenueResolver
{
    /// <summary>
    /// The ledger after corrections and disputes: an entry named by another entry's CorrectsId no longer counts (even
    /// when the correction is itself disputed: a restated figure is not revived), and a disputed entry does not count
    /// unless an editor said to use it anyway. An entry without
    /// the date it speaks for (a realised entry without its period, a run-rate without its as-of) cannot be placed
    /// in time and is left out; other invalid entries stay and resolve as <see cref="MissingReason.InvalidInput"/>.
    /// </summary>
    public static IReadOnlyList<RevenueEntryInput> ApplyCorrections(IEnumerable<RevenueEntryInput> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var all = entries.ToArray();
        var corrected = new HashSet<long>();
        foreach (var entry in all)
        {
            ArgumentNullException.ThrowIfNull(entry);
            if (entry.CorrectsId is { } id)
            {
                corrected.Add(id);
            }
        }

        var effective = new List<RevenueEntryInput>(all.Length);
        foreach (var entry in all)
        {
            if (!corrected.Contains(entry.Id) && !entry.IsSetAside && TryAsOfDay(entry) is not null)
            {
                effective.Add(entry);
            }
        }

        effective.Sort(CompareLatestLast);
        return effective;
    }

    /// <summary>
    /// The day an entry speaks for: a run-rate's as-of day, or a realised period's last covered day
    /// (the UTC day just before its exclusive end).
    /// </summary>
    public static DateOnly AsOfDay(RevenueEntryInput entry)
    {
        Validate(entry);
        return TryAsOfDay(entry)!.Value;
    }

    /// <summary>
    /// Whether a realised period is whole UTC days: it starts and ends at UTC midnight. A one-hour "period" would
    /// otherwise be scaled by 8,760 to a year (docs/metrics.md, "External revenue, annualised").
    /// </summary>
    public static bool IsWholeUtcDays(DateTimeOffset start, DateTimeOffset end) =>
        start.UtcTicks % TimeSpan.TicksPerDay == 0 && end.UtcTicks % TimeSpan.TicksPerDay == 0;

    /// <summary>
    /// An entry as USD per year with its range: base = amount (or the midpoint of low and high when the amount
    /// is absent), low/high = the given bounds (or the base). Realised: × 365 / period days. Run-rate: as is.
    /// Carried to 9 decimal places.
    /// </summary>
    public static Metric AnnualiseEntry(RevenueEntryInput entry)
    {
        Validate(entry);
        var @base = entry.AmountUsd ?? (entry.LowUsd!.Value + entry.HighUsd!.Value) / 2m;
        var low = entry.LowUsd ?? @base;
        var high = entry.HighUsd ?? @base;
        if (entry.Kind == RevenueEntryKind.RunRate)
        {
            return Metric.Of(NanoUnits.Carry(low), NanoUnits.Carry(@base), NanoUnits.Carry(high));
        }

        // Annual amounts are carried to 9 decimals like every other amount, so network sums stay exact.
        var days = (decimal)(entry.PeriodEnd!.Value - entry.PeriodStart!.Value).Ticks / TimeSpan.TicksPerDay;
        return Metric.Of(
            NanoUnits.Carry(low * ChainUnits.DaysPerYear / days),
            NanoUnits.Carry(@base * ChainUnits.DaysPerYear / days),
            NanoUnits.Carry(high * ChainUnits.DaysPerYear / days));
    }

    /// <summary>
    /// Annualised external revenue for a subnet (or, with <paramref name="netuid"/> null, the network-wide claims;
    /// a group claim is neither) as of <paramref name="day"/>. Pass the whole ledger and the subnet's daily feed rows; rows outside the
    /// trailing window are ignored. The engine's daily series give the same answer for every day.
    /// </summary>
    public static ResolvedRevenue Resolve(
        int? netuid,
        DateOnly day,
        IEnumerable<RevenueEntryInput> entries,
        IEnumerable<DailyRevenueInput> dailyRevenue,
        ValuationOptions options)
    {
        ArgumentNullException.ThrowIfNull(dailyRevenue);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var ledger = ApplyCorrections(entries).Where(e => e.Netuid == netuid && !e.IsGroupClaim).ToArray();
        var rows = netuid is null
            ? Array.Empty<DailyRevenueInput>()
            : dailyRevenue.Where(r => r.Netuid == netuid && r.Day <= day).ToArray();
        var firstDay = day.AddDays(1 - options.WindowDays);
        var daily = DailyExternal.Build(rows, firstDay, options.WindowDays);
        var timeline = new RevenueTimeline(ledger, hasFeed: rows.Length > 0, feedSeenBefore: rows.Any(r => r.Day < firstDay), options);
        var result = ResolvedRevenue.None(MissingReason.NoRevenueData);
        for (var i = 0; i < options.WindowDays; i++)
        {
            result = timeline.Advance(firstDay.AddDays(i), daily.Values[i], daily.Sources[i]);
        }

        return result;
    }

    internal static void Validate(RevenueEntryInput entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (Problem(entry) is { } problem)
        {
            throw new ArgumentException($"Revenue entry {entry.Id}: {problem}.", nameof(entry));
        }
    }

    /// <summary>Why an entry cannot be used (the first rule of <see cref="RevenueEntryRules"/> it breaks), or null when it can.</summary>
    internal static string? Problem(RevenueEntryInput entry) => RevenueEntryRules.Check(entry) is [var first, ..] ? first.Message : null;

    /// <summary>The day an entry speaks for from its dates alone, or null when it lacks them.</summary>
    internal static DateOnly? TryAsOfDay(RevenueEntryInput entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Kind == RevenueEntryKind.RunRate)
        {
            return entry.AsOf is { } asOf ? DailyRollup.UtcDay(asOf) : null;
        }

        return entry.PeriodEnd is { } end && entry.PeriodStart is { } start && end > start ? DailyRollup.UtcDay(end.AddTicks(-1)) : null;
    }

    // Latest last, on the claims' content so the winner never depends on insertion order (docs/metrics.md §6):
    // as-of day, publication (unknown first), then the smaller annual figure last (a tie never overstates revenue),
    // the source kind first in enum order last (Audited before AnalystEstimate), then source name (ordinal). Only entries equal in all of these fall back to the id; they give the same figure.
    private static int CompareLatestLast(RevenueEntryInput a, RevenueEntryInput b)
    {
        var c = TryAsOfDay(a)!.Value.CompareTo(TryAsOfDay(b)!.Value);
        if (c != 0)
        {
            return c;
        }

        c = Nullable.Compare(a.PublishedAt, b.PublishedAt);
        if (c != 0)
        {
            return c;
        }

        var x = AnnualiseEntry(a);
        var y = AnnualiseEntry(b);
        c = Nullable.Compare(y.Base, x.Base);
        c = c != 0 ? c : Nullable.Compare(y.Low, x.Low);
        c = c != 0 ? c : Nullable.Compare(y.High, x.High);
        c = c != 0 ? c : b.SourceType.CompareTo(a.SourceType);
        c = c != 0 ? c : string.CompareOrdinal(a.SourceName, b.SourceName);
        return c != 0 ? c : a.Id.CompareTo(b.Id);
    }
}

/// <summary>External revenue of one subnet per UTC day from its daily feed: a day with any row is present.</summary>
internal sealed class DailyExternal
{
    private DailyExternal(Metric[] values, RevenueSourceType[] sources)
    {
        Values = values;
        Sources = sources;
    }

    /// <summary>Per day: the sum of external components, or missing (no revenue data) when the feed has no row that day.</summary>
    public Metric[] Values { get; }

    /// <summary>Per day: the source type of that day's rows (the first in enum order when rows disagree).</summary>
    public RevenueSourceType[] Sources { get; }

    public static DailyExternal Build(IEnumerable<DailyRevenueInput> rows, DateOnly firstDay, int days)
    {
        var sums = new decimal[days];
        var present = new bool[days];
        var invalid = new bool[days];
        var sources = new RevenueSourceType[days];
        foreach (var row in rows)
        {
            var index = row.Day.DayNumber - firstDay.DayNumber;
            if (index < 0 || index >= days)
            {
                continue;
            }

            // A negative amount is a broken row: the day is invalid, the rest of the feed still counts.
            if (row.AmountUsd < 0m)
            {
                invalid[index] = true;
                continue;
            }

            if (!present[index] || row.SourceType < sources[index])
            {
                sources[index] = row.SourceType;
            }

            present[index] = true;
            if (row.CountsAsExternal)
            {
                // Carried to 9 decimals so the sum is exact whatever order the rows come in.
                sums[index] += NanoUnits.Carry(row.AmountUsd);
            }
        }

        var values = new Metric[days];
        for (var i = 0; i < days; i++)
        {
            values[i] = invalid[i] ? Metric.Missing(MissingReason.InvalidInput)
                : present[i] ? sums[i] > NanoUnits.MaxDailyAmount ? Metric.Missing(MissingReason.OutOfRange) : Metric.Of(sums[i])
                : Metric.Missing(MissingReason.NoRevenueData);
        }

        return new DailyExternal(values, sources);
    }
}

/// <summary>Resolves revenue day after day for one subject, walking its sorted ledger once.</summary>
internal sealed class RevenueTimeline
{
    private readonly RevenueEntryInput[] _ledger;
    private readonly DateOnly[] _asOf;
    private readonly Metric[] _annualised;
    private readonly RollingAnnualiser? _daily;
    private readonly int _staleAfterDays;
    private int _next;
    private int _current = -1;
    private DateOnly? _lastFeedDay;
    private RevenueSourceType _lastFeedSource;
    private bool _feedSeen;

    /// <param name="ledger">Corrected entries for this subject, sorted latest last.</param>
    /// <param name="hasFeed">Whether the subject has a daily revenue feed at all.</param>
    /// <param name="feedSeenBefore">Whether the feed had rows before the first day advanced to.</param>
    /// <param name="options">Window and stale settings.</param>
    public RevenueTimeline(IReadOnlyList<RevenueEntryInput> ledger, bool hasFeed, bool feedSeenBefore, ValuationOptions options)
    {
        _ledger = [.. ledger];
        _asOf = new DateOnly[_ledger.Length];
        _annualised = new Metric[_ledger.Length];
        for (var i = 0; i < _ledger.Length; i++)
        {
            // ApplyCorrections only keeps entries it can date; an unusable one resolves as invalid input, not a figure.
            _asOf[i] = RevenueResolver.TryAsOfDay(_ledger[i])!.Value;
            _annualised[i] = RevenueResolver.Problem(_ledger[i]) is null
                ? RevenueResolver.AnnualiseEntry(_ledger[i])
                : Metric.Missing(MissingReason.InvalidInput);
        }

        _daily = hasFeed ? new RollingAnnualiser(options) : null;
        _feedSeen = feedSeenBefore;
        _staleAfterDays = options.StaleAfterDays;
    }

    /// <summary>Moves to the next day; <paramref name="dailyExternal"/> is that day's feed figure (missing when no row).</summary>
    public ResolvedRevenue Advance(DateOnly day, in Metric dailyExternal, RevenueSourceType dailySource)
    {
        while (_next < _ledger.Length && _asOf[_next] <= day)
        {
            _current = _next++;
        }

        if (_daily is not null)
        {
            if (dailyExternal.HasValue)
            {
                _lastFeedDay = day;
                _lastFeedSource = dailySource;
                _feedSeen = true;
            }

            var fromFeed = _daily.Push(dailyExternal);
            if (fromFeed.HasValue)
            {
                return new ResolvedRevenue(fromFeed, fromFeed, RevenueBasis.DailySeries, _lastFeedDay, _lastFeedSource, null);
            }
        }

        if (_current < 0)
        {
            // A feed that exists but has too few days is "window incomplete", not "no data".
            return ResolvedRevenue.None(_feedSeen ? MissingReason.WindowIncomplete : MissingReason.NoRevenueData);
        }

        var entry = _ledger[_current];
        var value = _annualised[_current];
        var asOf = _asOf[_current];
        var stale = day.DayNumber - asOf.DayNumber > _staleAfterDays;
        var basis = entry.Kind == RevenueEntryKind.RunRate ? RevenueBasis.RunRate : RevenueBasis.RealisedPeriod;
        return new ResolvedRevenue(
            stale && value.HasValue ? Metric.Missing(MissingReason.StaleRevenue) : value,
            value,
            basis,
            asOf,
            entry.SourceType,
            entry.Id);
    }
}
