using BenchmarkDotNet.Attributes;
using TaoLens.Core.Valuation;

namespace TaoLens.Benchmarks;

/// <summary>
/// Recomputes every metric for 129 subnets × 1,095 days (141,255 subnet-days, plus the 29-day window lookback):
/// both subsidy sides per day, 30-day rolling annualisation for every day, revenue resolution, multiples, P/S,
/// scenarios and network totals. The baseline does the same arithmetic over plain arrays on one thread; setup
/// checks that the baseline and both engine runs produce the same numbers. Results: docs/benchmarks.md,
/// "Valuation engine".
/// </summary>
[MemoryDiagnoser]
public class ValuationBenchmarks
{
    private ValuationData _data = null!;
    private PlainArrayValuation _plain = null!;
    private ValuationOptions _oneThread = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = ValuationData.Generate();
        _oneThread = _data.Options with { MaxDegreeOfParallelism = 1 };
        _plain = new PlainArrayValuation(_data);
        _plain.Run();
        _plain.Verify(EngineOneThread());
        _plain.Verify(Engine());
    }

    [Benchmark(Baseline = true)]
    public int PlainArrays()
    {
        _plain.Run();
        return _plain.Output.SubnetsWithRevenue[^1];
    }

    /// <summary>The engine on the calling thread only: the like-for-like comparison with the baseline.</summary>
    [Benchmark]
    public ValuationResult EngineOneThread() => ValuationEngine.Compute(_data.Input, _data.From, _data.To, _oneThread);

    /// <summary>The engine as pages call it: subnets in parallel on every core.</summary>
    [Benchmark]
    public ValuationResult Engine() => ValuationEngine.Compute(_data.Input, _data.From, _data.To, _data.Options);

    /// <summary>
    /// The engine on one thread, then every figure it derives when read (coverage, earnings, the halving scenarios,
    /// the alpha split, the alpha price in USD, P/S, market cap to revenue) read once for every day: all the work
    /// the baseline does eagerly.
    /// </summary>
    [Benchmark]
    public int EngineOneThreadReadingDerived() => ReadDerived(EngineOneThread());

    private static int ReadDerived(ValuationResult result)
    {
        var present = 0;
        foreach (var subnet in result.Subnets)
        {
            present += Count(subnet.AlphaOwnerUsd) + Count(subnet.AlphaMinersUsd) + Count(subnet.AlphaPriceUsd)
                + Count(subnet.PriceToSales) + Count(subnet.FullyDilutedPriceToSales) + CountSided(subnet.TaoSide) + CountSided(subnet.AlphaSide);
        }

        var network = result.Network;
        return present + CountSided(network.TaoSide) + CountSided(network.AlphaSide) + Count(network.MarketCapToRevenue)
            + Count(network.FullyDilutedToRevenue) + Count(network.MarketCapToClaimedRevenue) + Count(network.FullyDilutedToClaimedRevenue);
    }

    private static int CountSided(SidedSeries side) =>
        Count(side.CoveragePercent) + Count(side.EarningsUsd) + Count(side.AfterNextHalvingUsd) + Count(side.GrowthNeededPercent);

    private static int Count(MetricSeries series)
    {
        var present = 0;
        for (var i = 0; i < series.Count; i++)
        {
            present += series[i].HasValue ? 1 : 0;
        }

        return present;
    }
}
