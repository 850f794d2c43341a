using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Overview;

public static class OverviewExtensions
{
    public static IServiceCollection AddOverview(this IServiceCollection services)
    {
        services.AddValuationQuery();
        return services;
    }
}
