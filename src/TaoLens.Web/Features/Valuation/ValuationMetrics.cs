using System.Diagnostics.Metrics;

namespace TaoLens.Web.Features.Valuation;

/// <summary>Counts the engine's runs, by kind (<c>latest</c> or <c>series</c>): a cache that stops sharing shows here first.</summary>
public sealed class ValuationMetrics
{
    public const string MeterName = "TaoLens.Valuation";
    public const string ComputationsName = "taolens.valuation.computations";

    private readonly Counter<long> _computations;

    public ValuationMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _computations = meterFactory.Create(MeterName).CreateCounter<long>(ComputationsName, description: "Runs of the valuation engine.");
    }

    public void Computed(string kind) => _computations.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
