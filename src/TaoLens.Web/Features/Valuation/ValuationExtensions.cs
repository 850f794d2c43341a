namespace TaoLens.Web.Features.Valuation;

public static class ValuationExtensions
{
    /// <summary>The engine over stored data and its cache, which every feature that shows figures reads through.</summary>
    public static IServiceCollection AddValuation(this IServiceCollection services)
    {
        services.AddOptions<ValuationCacheOptions>().BindConfiguration("Valuation");
        services.AddMetrics();
        services.AddSingleton<ValuationMetrics>();
        services.AddSingleton<ValuationCache>();
        services.AddScoped<ValuationQuery>();
        return services;
    }
}
