using TaoLens.Data.Snapshots;

namespace TaoLens.Benchmarks.Seeding;

/// <summary>
/// Walks every subnet's state forward in 10-minute steps from a start day: emissions with noise, a halving on
/// 2025-12-14, excess TAO for the last 150 days, random-walk alpha prices, growing pools. Call in time order.
/// </summary>
public sealed class SnapshotGenerator
{
    private static readonly DateOnly s_halving = new(2025, 12, 14);
    private readonly Random _random = new(Seeder.Seed);
    private readonly SubnetState[] _subnets;
    private readonly DateOnly _start;
    private decimal _taoPrice = 400m;
    private decimal _issued = 10_300_000m;

    public SnapshotGenerator(int subnets, DateOnly start)
    {
        _start = start;
        _subnets = [.. Enumerable.Range(0, subnets).Select(netuid => new SubnetState
        {
            Netuid = netuid,
            Share = 2_000_000L + _random.Next(10_000_000),
            AlphaPrice = 0.002m + decimal.Round((decimal)_random.NextDouble() * 0.1m, 9),
            AlphaInPool = 500_000_000_000_000L + _random.NextInt64(2_000_000_000_000_000L),
            AlphaOutstanding = 1_000_000_000_000_000L + _random.NextInt64(4_000_000_000_000_000L),
            AlphaOut = _random.Next(4) == 0 ? 500_000_000L : 1_000_000_000L,
        })];
    }

    /// <summary>Every subnet at every 10-minute mark in [from, to).</summary>
    public IEnumerable<SubnetSnapshot> Snapshots(DateOnly from, DateOnly to)
    {
        for (var day = from; day < to; day = day.AddDays(1))
        {
            var midnight = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var blockEmission = day < s_halving ? 1m : 0.5m;
            var excessKnown = day >= _start.AddDays(215);
            for (var sample = 0; sample < 144; sample++)
            {
                var at = midnight.AddMinutes(10 * sample);
                var block = 5_000_000L + ((day.DayNumber - _start.DayNumber) * 7_200L) + (sample * 50L);
                foreach (var s in _subnets)
                {
                    s.AlphaPrice = Math.Max(0.0005m, decimal.Round(s.AlphaPrice * (1m + (((decimal)_random.NextDouble() - 0.5m) * 0.004m)), 9));
                    s.AlphaInPool += _random.Next(50_000) * 1_000L;
                    s.AlphaOutstanding += 50_000_000_000L;
                    var taoIn = (long)(s.Share * blockEmission) + _random.Next(200_000);
                    yield return new SubnetSnapshot
                    {
                        Netuid = s.Netuid,
                        ObservedAt = at,
                        Source = SnapshotSources.Chain,
                        BlockNumber = block,
                        TaoInEmissionRao = taoIn,
                        ExcessTaoRao = excessKnown ? _random.Next(400_000) : null,
                        AlphaOutEmissionRao = s.AlphaOut,
                        AlphaInEmissionRao = (long)(taoIn / s.AlphaPrice),
                        AlphaInPoolRao = s.AlphaInPool,
                        AlphaOutstandingRao = s.AlphaOutstanding,
                        TaoInPoolRao = (long)(s.AlphaInPool * s.AlphaPrice),
                        AlphaPriceTao = s.AlphaPrice,
                        MovingPriceTao = s.AlphaPrice,
                    };
                }
            }
        }
    }

    /// <summary>One TAO market row every 10 minutes in [from, to), as the CoinGecko source would store them.</summary>
    public IEnumerable<TaoMarketSnapshot> Market(DateOnly from, DateOnly to)
    {
        for (var day = from; day < to; day = day.AddDays(1))
        {
            var midnight = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            for (var sample = 0; sample < 144; sample++)
            {
                _taoPrice = Math.Clamp(decimal.Round(_taoPrice * (1m + (((decimal)_random.NextDouble() - 0.5m) * 0.004m)), 2), 120m, 900m);
                _issued += 25m;
                yield return new TaoMarketSnapshot
                {
                    ObservedAt = midnight.AddMinutes(10 * sample),
                    Source = SnapshotSources.CoinGecko,
                    PriceUsd = _taoPrice,
                    MarketCapUsd = _taoPrice * _issued,
                    CirculatingSupply = _issued,
                    TotalSupply = 21_000_000m,
                    MaxSupply = 21_000_000m,
                    FullyDilutedValuationUsd = _taoPrice * 21_000_000m,
                };
            }
        }
    }

    private sealed class SubnetState
    {
        public int Netuid { get; init; }
        public long Share { get; init; }
        public decimal AlphaPrice { get; set; }
        public long AlphaInPool { get; set; }
        public long AlphaOutstanding { get; set; }
        public long AlphaOut { get; init; }
    }
}
