namespace TaoLens.Core.Valuation;

/// <summary>A netuid's rows in the whole input: the days it spans and the days a new registration block first appears.</summary>
internal sealed record SubnetSpan(int FirstDayNumber, int LastDayNumber, IReadOnlyList<int> RegistrationDayNumbers);

/// <summary>
/// Which days of the engine's input are complete network days (docs/metrics.md, "Whole-network totals"): days on
/// which some subnet has an emission record and every subnet whose first and last emission records in the input
/// enclose the day has one. On such a day a subnet without one was not registered, so its emission was zero; other
/// days are unknown. Rows without emission (prices or pools alone) neither make nor break a day.
/// </summary>
internal static class NetworkDays
{
    /// <summary>Every netuid's span and registration changes over all the rows given.</summary>
    public static Dictionary<int, SubnetSpan> Spans(IReadOnlyList<SubnetDay> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        return InDayOrder(days) ?? SortedSpans(days);
    }

    private sealed class OpenSpan(int firstDayNumber)
    {
        public int FirstDayNumber { get; } = firstDayNumber;

        public int LastDayNumber { get; set; } = firstDayNumber;

        public long? Block { get; set; }

        public List<int> Changes { get; } = [];
    }

    // Rows usually arrive in day order per netuid (rollups and the store read them so): one pass, no per-netuid
    // lists or sorts over every row (measured: most of this method's cost). Null when a netuid's days are not
    // strictly increasing, and the caller sorts.
    private static Dictionary<int, SubnetSpan>? InDayOrder(IReadOnlyList<SubnetDay> days)
    {
        var open = new Dictionary<int, OpenSpan>();
        foreach (var day in days)
        {
            ArgumentNullException.ThrowIfNull(day);
            if (day.TaoInEmissionRao is null)
            {
                continue;
            }

            var dayNumber = day.Day.DayNumber;
            if (!open.TryGetValue(day.Netuid, out var span))
            {
                span = new OpenSpan(dayNumber);
                open.Add(day.Netuid, span);
            }
            else if (dayNumber <= span.LastDayNumber)
            {
                return null;
            }

            span.LastDayNumber = dayNumber;
            if (day.RegistrationBlock is { } current)
            {
                if (span.Block is { } previous && previous != current)
                {
                    span.Changes.Add(dayNumber);
                }

                span.Block = current;
            }
        }

        var spans = new Dictionary<int, SubnetSpan>(open.Count);
        foreach (var (netuid, span) in open)
        {
            spans.Add(netuid, new SubnetSpan(span.FirstDayNumber, span.LastDayNumber, span.Changes));
        }

        return spans;
    }

    private static Dictionary<int, SubnetSpan> SortedSpans(IReadOnlyList<SubnetDay> days)
    {
        var rows = new Dictionary<int, List<SubnetDay>>();
        foreach (var day in days)
        {
            ArgumentNullException.ThrowIfNull(day);
            // Only the emission record counts: a row with prices alone (a pool or price source) says nothing of emission.
            if (day.TaoInEmissionRao is null)
            {
                continue;
            }

            if (!rows.TryGetValue(day.Netuid, out var list))
            {
                list = [];
                rows.Add(day.Netuid, list);
            }

            list.Add(day);
        }

        var spans = new Dictionary<int, SubnetSpan>(rows.Count);
        foreach (var (netuid, list) in rows)
        {
            list.Sort((a, b) => a.Day.CompareTo(b.Day));
            var changes = new List<int>();
            long? block = null;
            foreach (var day in list)
            {
                if (day.RegistrationBlock is not { } current)
                {
                    continue;
                }

                if (block is { } previous && previous != current)
                {
                    changes.Add(day.Day.DayNumber);
                }

                block = current;
            }

            spans.Add(netuid, new SubnetSpan(list[0].Day.DayNumber, list[^1].Day.DayNumber, changes));
        }

        return spans;
    }

    public static bool[] Complete(IEnumerable<SubnetSpan> spans, IEnumerable<SubnetDay?[]> placed, DateOnly first, int totalDays)
    {
        // Subnets whose span encloses each day (a difference array), against subnets with a row that day.
        var spanning = new int[totalDays + 1];
        foreach (var span in spans)
        {
            var start = Math.Max(0, span.FirstDayNumber - first.DayNumber);
            var end = Math.Min(totalDays - 1, span.LastDayNumber - first.DayNumber);
            if (start <= end)
            {
                spanning[start]++;
                spanning[end + 1]--;
            }
        }

        var present = new int[totalDays];
        foreach (var days in placed)
        {
            for (var d = 0; d < totalDays; d++)
            {
                if (days[d]?.TaoInEmissionRao is not null)
                {
                    present[d]++;
                }
            }
        }

        var complete = new bool[totalDays];
        var enclosing = 0;
        for (var d = 0; d < totalDays; d++)
        {
            enclosing += spanning[d];
            complete[d] = present[d] > 0 && present[d] == enclosing;
        }

        return complete;
    }

    /// <summary>Complete days given by a storage layer, placed on the engine's days.</summary>
    public static bool[] Place(IEnumerable<DateOnly> days, DateOnly first, int totalDays)
    {
        var complete = new bool[totalDays];
        foreach (var day in days)
        {
            var index = day.DayNumber - first.DayNumber;
            if (index >= 0 && index < totalDays)
            {
                complete[index] = true;
            }
        }

        return complete;
    }
}

/// <summary>
/// One netuid's days as the engine reads them: which absent days are known zeros, and where a new registration
/// (a changed registration block) starts a new subnet history on the same netuid.
/// </summary>
internal sealed class SubnetHistory
{
    private readonly bool[] _complete;
    private readonly IReadOnlyList<RevenueEntryInput> _ledger;
    private readonly bool _hasFeed;
    private readonly bool[]? _newHistory;

    public SubnetHistory(SubnetDay?[]? days, bool[] complete, SubnetSpan? span, DateOnly first, IReadOnlyList<RevenueEntryInput> ledger, bool hasFeed)
    {
        Days = days;
        _complete = complete;
        _ledger = ledger;
        _hasFeed = hasFeed;
        foreach (var change in span?.RegistrationDayNumbers ?? [])
        {
            var d = change - first.DayNumber;
            if (d <= 0)
            {
                // Registered again before the range: the range holds only the newcomer.
                RegisteredBeforeRange = DateOnly.FromDayNumber(change);
            }
            else if (d < complete.Length)
            {
                _newHistory ??= new bool[complete.Length];
                _newHistory[d] = true;
            }
        }
    }

    public SubnetDay?[]? Days { get; }

    /// <summary>The latest re-registration on or before the range's first day, if any.</summary>
    public DateOnly? RegisteredBeforeRange { get; }

    /// <summary>Whether the subnet's absence on day <paramref name="d"/> means zero emission (a complete network day).</summary>
    public bool AbsentIsZero(int d) => _complete[d];

    /// <summary>Whether day <paramref name="d"/> is the first of a re-registered netuid's new history.</summary>
    public bool StartsNewHistory(int d) => _newHistory?[d] == true;

    /// <summary>
    /// The first day with an emission record when an earlier complete day shows the subnet absent (registered inside the
    /// input), else null: its registration is older than the data.
    /// </summary>
    public DateOnly? FirstDayIfRegisteredInRange(DateOnly first)
    {
        if (Days is null)
        {
            return null;
        }

        var firstRow = Array.FindIndex(Days, d => d?.TaoInEmissionRao is not null);
        return firstRow > 0 && Array.IndexOf(_complete, true, 0, firstRow) >= 0 ? first.AddDays(firstRow) : null;
    }

    /// <summary>
    /// The newcomer's TAO-side figure for a day before its registration: zero (the netuid was the predecessor's, or
    /// free on a complete day), or missing when nothing is known about that day.
    /// </summary>
    public Metric NewcomerBefore(int d) =>
        Days?[d] is not null || _complete[d] ? Metric.Of(0m) : Metric.Missing(MissingReason.NoSnapshot);

    /// <summary>The revenue timeline the range starts with: without a predecessor's entries when it was re-registered before.</summary>
    public RevenueTimeline InitialTimeline(bool feedSeenBefore, ValuationOptions options) =>
        RegisteredBeforeRange is { } registered
            ? new([.. _ledger.Where(e => RevenueResolver.AsOfDay(e) >= registered)], _hasFeed, feedSeenBefore: false, options)
            : new(_ledger, _hasFeed, feedSeenBefore, options);

    /// <summary>The newcomer's revenue: ledger entries dated from its registration on, a feed counted from then.</summary>
    public RevenueTimeline NewcomerTimeline(DateOnly registered, ValuationOptions options) =>
        new([.. _ledger.Where(e => RevenueResolver.AsOfDay(e) >= registered)], _hasFeed, feedSeenBefore: false, options);
}
