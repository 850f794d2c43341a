using TaoLens.Core.Valuation;

namespace TaoLens.Ingestion.Chutes;

/// <summary>
/// One UTC day of Chutes (SN64) revenue in USD from <c>/daily_revenue_summary</c>. Subscriptions and pay-as-you-go
/// are paid by users and count as external revenue; pending-instance revenue is unrecognised and sponsored
/// inference is subnet-funded, so both are kept but not external (docs/data-sources.md section 5).
/// </summary>
public sealed record ChutesDailyRevenue(
    DateOnly Day,
    decimal SubscriberRevenueUsd,
    decimal PayAsYouGoRevenueUsd,
    decimal PendingInstanceRevenueUsd,
    decimal? SponsoredInferenceUsd,
    int? NewSubscriberCount)
{
    /// <summary>What users paid: the components <see cref="RevenueComponents.IsExternal"/> counts (subscriptions, pay-as-you-go).</summary>
    public decimal ExternalRevenueUsd => Components.Where(c => c.CountsAsExternal).Sum(c => c.AmountUsd);

    /// <summary>Each component under its upstream field name, marked by the one external-revenue rule in the engine.</summary>
    public IReadOnlyList<RevenueComponent> Components =>
    [
        Component(RevenueComponents.ChutesSubscriber, SubscriberRevenueUsd),
        Component(RevenueComponents.ChutesPayAsYouGo, PayAsYouGoRevenueUsd),
        Component(RevenueComponents.ChutesPendingInstance, PendingInstanceRevenueUsd),
        .. SponsoredInferenceUsd is { } sponsored ? [Component(RevenueComponents.ChutesSponsoredInference, sponsored)] : Array.Empty<RevenueComponent>(),
    ];

    private static RevenueComponent Component(string name, decimal amountUsd) => new(name, amountUsd, RevenueComponents.IsExternal(name));
}

/// <summary>One revenue component of a day, in USD.</summary>
public sealed record RevenueComponent(string Name, decimal AmountUsd, bool CountsAsExternal);
