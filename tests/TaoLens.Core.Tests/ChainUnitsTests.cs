using TaoLens.Core.Chain;

namespace TaoLens.Core.Tests;

public sealed class ChainUnitsTests
{
    [Fact]
    public void One_billion_rao_is_one_tao() => Assert.Equal(1m, ChainUnits.RaoToTao(1_000_000_000));

    [Fact]
    public void Tao_to_rao_rounds_to_whole_rao() => Assert.Equal(82_734_941L, ChainUnits.TaoToRao(0.082734941m));

    [Fact]
    public void Half_a_tao_per_block_is_3600_tao_per_day() => Assert.Equal(3_600m, ChainUnits.TaoPerDay(500_000_000));
}

public sealed class ChainUnitConversionTests
{
    [Theory]
    [InlineData(1L, "0.000000001")]
    [InlineData(500_000_000L, "0.5")]
    [InlineData(21_000_000_000_000_000L, "21000000")]
    public void Rao_converts_to_tao_exactly(long rao, string tao) =>
        Assert.Equal(decimal.Parse(tao, System.Globalization.CultureInfo.InvariantCulture), ChainUnits.RaoToTao(rao));

    [Fact]
    public void Tao_to_rao_round_trips_whole_rao() => Assert.Equal(123_456_789_012L, ChainUnits.TaoToRao(ChainUnits.RaoToTao(123_456_789_012L)));

    [Fact]
    public void Forty_million_rao_per_block_is_288_tao_per_day() => Assert.Equal(288m, ChainUnits.TaoPerDay(40_000_000));

    [Fact]
    public void A_day_has_7200_blocks_and_a_year_365_days() => Assert.Equal(2_628_000, ChainUnits.BlocksPerDay * ChainUnits.DaysPerYear);
}
