using System.Globalization;

namespace TaoLens.Web.Features.Digest;

/// <summary>An ISO 8601 week (Monday to Sunday; week 1 holds the year's first Thursday), the key of a weekly digest.</summary>
public readonly record struct IsoWeekId(int Year, int Week)
{
    public static IsoWeekId Of(DateTime date) => new(ISOWeek.GetYear(date), ISOWeek.GetWeekOfYear(date));

    public DateOnly Monday => DateOnly.FromDateTime(ISOWeek.ToDateTime(Year, Week, DayOfWeek.Monday));

    public IsoWeekId Previous => Of(Monday.AddDays(-7).ToDateTime(TimeOnly.MinValue));

    public IsoWeekId Next => Of(Monday.AddDays(7).ToDateTime(TimeOnly.MinValue));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year}-W{Week:00}");
}

/// <summary>When a subscription's digest goes out: a day of the week and a wall-clock time in the recipient's zone.</summary>
public sealed record DigestTiming(DayOfWeek Day, TimeOnly LocalTime, TimeZoneInfo Zone);

/// <summary>A digest that is due: the week it is for, and the instant it became due.</summary>
public readonly record struct DueDigest(IsoWeekId Week, DateTimeOffset DueAt);

/// <summary>
/// Which week's digest is due, in the recipient's own calendar: the week is the ISO week of their local date, and the
/// digest of a week is due once its local day and time have passed. Pure: the clock is an argument.
/// </summary>
public static class DigestSchedule
{
    /// <summary>
    /// How long after its time last week's digest is still sent when this week's is not due yet: covers a scheduler
    /// that was down across the turn of the recipient's week (a Sunday 23:30 digest seen at Monday 00:10), without
    /// sending a new subscriber last week's digest days late.
    /// </summary>
    public static readonly TimeSpan CatchUp = TimeSpan.FromHours(12);

    /// <summary>The digest due now, if any: this local week's once its time has passed, else last week's within <see cref="CatchUp"/>.</summary>
    public static DueDigest? Due(DigestTiming timing, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return Due(timing, time.GetUtcNow());
    }

    public static DueDigest? Due(DigestTiming timing, DateTimeOffset now)
    {
        var week = LocalWeek(timing, now);
        var at = ScheduledAt(timing, week);
        if (now >= at)
        {
            return new DueDigest(week, at);
        }

        var previous = ScheduledAt(timing, week.Previous);
        return now >= previous && now - previous <= CatchUp ? new DueDigest(week.Previous, previous) : null;
    }

    /// <summary>When the next digest after the one due now (or the next one at all) becomes due.</summary>
    public static DateTimeOffset NextDueAt(DigestTiming timing, DateTimeOffset now)
    {
        var week = LocalWeek(timing, now);
        var at = ScheduledAt(timing, week);
        return now >= at ? ScheduledAt(timing, week.Next) : at;
    }

    /// <summary>The ISO week of the recipient's local date at <paramref name="now"/>.</summary>
    public static IsoWeekId LocalWeek(DigestTiming timing, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(timing);
        return IsoWeekId.Of(TimeZoneInfo.ConvertTime(now, timing.Zone).DateTime);
    }

    /// <summary>
    /// The instant of the week's digest. A local time that does not exist (skipped when clocks go forward) moves
    /// forward by the gap, as the clocks do (02:30 becomes 03:30); one that happens twice (clocks go back) is the first.
    /// </summary>
    public static DateTimeOffset ScheduledAt(DigestTiming timing, IsoWeekId week)
    {
        ArgumentNullException.ThrowIfNull(timing);
        var local = DateTime.SpecifyKind(ISOWeek.ToDateTime(week.Year, week.Week, timing.Day) + timing.LocalTime.ToTimeSpan(), DateTimeKind.Unspecified);
        TimeSpan offset;
        if (timing.Zone.IsInvalidTime(local))
        {
            // A day earlier is before the change: its offset is the one the clocks jumped from.
            offset = timing.Zone.GetUtcOffset(local.AddDays(-1));
        }
        else if (timing.Zone.IsAmbiguousTime(local))
        {
            // The larger offset is the earlier instant.
            offset = timing.Zone.GetAmbiguousTimeOffsets(local).Max();
        }
        else
        {
            offset = timing.Zone.GetUtcOffset(local);
        }

        return new DateTimeOffset(local - offset, TimeSpan.Zero);
    }
}
