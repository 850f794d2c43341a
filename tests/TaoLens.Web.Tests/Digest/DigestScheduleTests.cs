using Microsoft.Extensions.Time.Testing;
using TaoLens.Web.Features.Digest;

namespace TaoLens.Web.Tests.Digest;

/// <summary>The instants below are worked out by hand from the zones' offsets (NZDT +13, NZST +12, PST -8, PDT -7).</summary>
public sealed class DigestScheduleTests
{
    private static readonly TimeZoneInfo s_auckland = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");
    private static readonly TimeZoneInfo s_losAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    private static DigestTiming MondayEight(TimeZoneInfo zone) => new(DayOfWeek.Monday, new TimeOnly(8, 0), zone);

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Auckland_and_Los_Angeles_each_get_Monday_eight_in_their_own_time()
    {
        // Monday 7 December 08:00 NZDT is Sunday 6 December 19:00 UTC; Monday 08:00 PST is 16:00 UTC.
        var clock = new FakeTimeProvider(Utc("2026-12-06T18:59:00Z"));
        var auckland = MondayEight(s_auckland);
        var losAngeles = MondayEight(s_losAngeles);

        Assert.Null(DigestSchedule.Due(auckland, clock));
        // Still Sunday in Los Angeles: its week 49 digest (Monday 30 November) is the one due.
        Assert.Equal(new DueDigest(new IsoWeekId(2026, 49), Utc("2026-11-30T16:00:00Z")), DigestSchedule.Due(losAngeles, clock));

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new DueDigest(new IsoWeekId(2026, 50), Utc("2026-12-06T19:00:00Z")), DigestSchedule.Due(auckland, clock));

        clock.SetUtcNow(Utc("2026-12-07T15:59:00Z"));
        Assert.Null(DigestSchedule.Due(losAngeles, clock));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new DueDigest(new IsoWeekId(2026, 50), Utc("2026-12-07T16:00:00Z")), DigestSchedule.Due(losAngeles, clock));
    }

    [Theory]
    // Los Angeles springs forward on Sunday 14 March 2027: Monday 08:00 moves from 16:00 to 15:00 UTC.
    [InlineData("America/Los_Angeles", "2027-03-08T16:00:00Z", "2027-03-15T15:00:00Z", 2027, 11)]
    // ...and falls back on Sunday 1 November 2026: from 15:00 to 16:00 UTC.
    [InlineData("America/Los_Angeles", "2026-10-26T15:00:00Z", "2026-11-02T16:00:00Z", 2026, 45)]
    // Auckland moves to NZST on Sunday 4 April 2027: Monday 08:00 moves from Sunday 19:00 to Sunday 20:00 UTC.
    [InlineData("Pacific/Auckland", "2027-03-28T19:00:00Z", "2027-04-04T20:00:00Z", 2027, 14)]
    // ...and to NZDT on Sunday 27 September 2026: from Sunday 20:00 to Sunday 19:00 UTC.
    [InlineData("Pacific/Auckland", "2026-09-20T20:00:00Z", "2026-09-27T19:00:00Z", 2026, 40)]
    public void Across_a_daylight_saving_change_Monday_eight_stays_eight_local(string zone, string weekBefore, string weekAfter, int year, int week)
    {
        var timing = MondayEight(TimeZoneInfo.FindSystemTimeZoneById(zone));
        var after = Utc(weekAfter);
        var clock = new FakeTimeProvider(after - TimeSpan.FromMinutes(1));

        Assert.Null(DigestSchedule.Due(timing, clock));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new DueDigest(new IsoWeekId(year, week), after), DigestSchedule.Due(timing, clock));
        Assert.Equal(Utc(weekBefore), DigestSchedule.ScheduledAt(timing, new IsoWeekId(year, week).Previous));
    }

    [Fact]
    public void A_time_skipped_by_the_clocks_moves_forward_by_the_gap_and_a_repeated_one_is_the_first()
    {
        // Sunday 14 March 2027 02:30 does not exist in Los Angeles (02:00 PST becomes 03:00 PDT): 03:30 PDT, 10:30 UTC.
        var skipped = new DigestTiming(DayOfWeek.Sunday, new TimeOnly(2, 30), s_losAngeles);
        // Sunday 1 November 2026 01:30 happens twice (PDT, then PST): the first, 08:30 UTC.
        var repeated = new DigestTiming(DayOfWeek.Sunday, new TimeOnly(1, 30), s_losAngeles);

        Assert.Equal(Utc("2027-03-14T10:30:00Z"), DigestSchedule.ScheduledAt(skipped, new IsoWeekId(2027, 10)));
        Assert.Equal(Utc("2026-11-01T08:30:00Z"), DigestSchedule.ScheduledAt(repeated, new IsoWeekId(2026, 44)));
    }

    [Fact]
    public void The_week_is_the_iso_week_of_the_local_date_across_the_new_year()
    {
        // Friday 1 January 2027 09:00 PST belongs to ISO week 53 of 2026 (2026 began on a Thursday).
        var clock = new FakeTimeProvider(Utc("2027-01-01T17:00:00Z"));

        var due = DigestSchedule.Due(new DigestTiming(DayOfWeek.Friday, new TimeOnly(8, 0), s_losAngeles), clock);

        Assert.Equal(new DueDigest(new IsoWeekId(2026, 53), Utc("2027-01-01T16:00:00Z")), due);
    }

    [Fact]
    public void Last_weeks_digest_is_caught_up_only_shortly_after_its_time()
    {
        // Sunday 23:30 PST on 6 December is 07:30 UTC on the 7th; at 00:10 local the recipient's week 50 has begun.
        var sundayLate = new DigestTiming(DayOfWeek.Sunday, new TimeOnly(23, 30), s_losAngeles);
        var clock = new FakeTimeProvider(Utc("2026-12-07T08:10:00Z"));

        Assert.Equal(new DueDigest(new IsoWeekId(2026, 49), Utc("2026-12-07T07:30:00Z")), DigestSchedule.Due(sundayLate, clock));
        clock.Advance(DigestSchedule.CatchUp);
        Assert.Null(DigestSchedule.Due(sundayLate, clock));
    }

    [Fact]
    public void The_next_digest_is_this_weeks_until_it_is_due_then_next_weeks()
    {
        var timing = MondayEight(s_losAngeles);

        Assert.Equal(Utc("2026-12-07T16:00:00Z"), DigestSchedule.NextDueAt(timing, Utc("2026-12-07T15:00:00Z")));
        Assert.Equal(Utc("2026-12-14T16:00:00Z"), DigestSchedule.NextDueAt(timing, Utc("2026-12-07T16:00:00Z")));
    }
}
