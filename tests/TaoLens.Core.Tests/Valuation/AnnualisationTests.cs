using TaoLens.Core.Valuation;

namespace TaoLens.Core.Tests.Valuation;

public sealed class AnnualisationTests
{
    [Fact]
    public void A_full_30_day_window_of_115_200_a_day_is_42_048_000_a_year()
    {
        var annual = Annualisation.Annualise(TestData.Window(30, _ => Metric.Of(115_200m)), ValuationOptions.Default);

        Assert.Equal(42_048_000m, annual.Base);
        Assert.Equal(MetricNotes.None, annual.Notes);
    }

    [Theory]
    [InlineData(7, 1_460)] // 1..7 sums to 28; 28 × 365 / 7
    [InlineData(30, 5_657.5)] // 1..30 sums to 465; 465 × 365 / 30
    [InlineData(90, 16_607.5)] // 1..90 sums to 4,095; 4,095 × 365 / 90
    public void Windows_of_7_30_and_90_days_annualise_sum_times_365_over_days(int days, double expected)
    {
        var annual = Annualisation.Annualise(TestData.Window(days, i => Metric.Of(i + 1)), TestData.Options(days));

        Assert.Equal((decimal)expected, annual.Base);
    }

    [Fact]
    public void Gaps_are_left_out_and_the_mean_of_the_days_present_is_annualised()
    {
        // 24 of 30 days (80%) at 10 a day: 240 × 365 / 24 = 3,650, not 240 × 365 / 30.
        var annual = Annualisation.Annualise(
            TestData.Window(30, i => i % 5 == 0 ? Metric.Missing(MissingReason.NoSnapshot) : Metric.Of(10m)),
            ValuationOptions.Default);

        Assert.Equal(3_650m, annual.Base);
        Assert.True(annual.Notes.HasFlag(MetricNotes.WindowHasGaps));
    }

    [Theory]
    [InlineData(7, 6)]
    [InlineData(30, 24)]
    [InlineData(90, 72)]
    public void A_window_needs_80_percent_of_its_days(int days, int required)
    {
        Assert.Equal(required, TestData.Options(days).RequiredDaysInWindow);

        var enough = Annualisation.Annualise(TestData.Window(days, i => i < days - required ? Metric.Missing(MissingReason.NoSnapshot) : Metric.Of(1m)), TestData.Options(days));
        var tooFew = Annualisation.Annualise(TestData.Window(days, i => i <= days - required ? Metric.Missing(MissingReason.NoSnapshot) : Metric.Of(1m)), TestData.Options(days));

        Assert.Equal(365m, enough.Base);
        Assert.Equal(MissingReason.WindowIncomplete, tooFew.Reason);
    }

    [Fact]
    public void A_window_with_no_data_keeps_the_days_own_reason()
    {
        var annual = Annualisation.Annualise(TestData.Window(30, _ => Metric.Missing(MissingReason.NoPrice)), ValuationOptions.Default);

        Assert.Equal(MissingReason.NoPrice, annual.Reason);
    }

    [Fact]
    public void Annualised_figures_are_rounded_half_to_even_to_nine_decimal_places()
    {
        var options = TestData.Options(2);

        // 1e-9 × 365 / 2 = 182.5e-9 → 182e-9; 3e-9 × 365 / 2 = 547.5e-9 → 548e-9.
        var down = Annualisation.Annualise([Metric.Of(0.000000001m), Metric.Of(0m)], options);
        var up = Annualisation.Annualise([Metric.Of(0.000000003m), Metric.Of(0m)], options);

        Assert.Equal(0.000000182m, down.Base);
        Assert.Equal(0.000000548m, up.Base);
    }

    [Fact]
    public void Ranged_days_give_a_ranged_annual_figure()
    {
        var annual = Annualisation.Annualise(TestData.Window(7, _ => Metric.Of(1m, 2m, 3m)), TestData.Options(7));

        Assert.Equal(365m, annual.Low);
        Assert.Equal(730m, annual.Base);
        Assert.Equal(1_095m, annual.High);
    }

    [Fact]
    public void A_note_on_any_day_in_the_window_carries_to_the_annual_figure()
    {
        var annual = Annualisation.Annualise(
            TestData.Window(7, i => i == 3 ? Subsidy.TaoSideTaoPerDay(TestData.Day(1, TestData.Today)) : Metric.Of(288m)),
            TestData.Options(7));

        Assert.True(annual.Notes.HasFlag(MetricNotes.ExcessTaoUnknown));
    }
}
