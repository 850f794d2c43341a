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
    /// <summary>What users paid: subscriptions plus pay-as-you-go.</summary>
    public decimal ExternalRevenueUsd => SubscriberRevenueUsd + PayAsYouGoRevenueUsd;

    /// <summary>Each component under its upstream field name, marking which ones count as external revenue.</summary>
    public IReadOnlyList<RevenueComponent> Components =>
    [
        new("new_subscriber_revenue", SubscriberRevenueUsd, CountsAsExternal: true),
        new("paygo_revenue", PayAsYouGoRevenueUsd, CountsAsExternal: true),
        new("pending_instance_revenue", PendingInstanceRevenueUsd, CountsAsExternal: false),
        .. SponsoredInferenceUsd is { } sponsored ? [new RevenueComponent("sponsored_inference", sponsored, CountsAsExternal: false)] : Array.Empty<RevenueComponent>(),
    ];
}

/// <summary>One revenue component of a day, in USD.</summary>
public sealed record RevenueComponent(string Name, decimal AmountUsd, bool CountsAsExternal);
