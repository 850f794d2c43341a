using Microsoft.Extensions.DependencyInjection.Extensions;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Overview;

public static class OverviewExtensions
{
    public static IServiceCollection AddOverview(this IServiceCollection services)
    {
        services.TryAddScoped<ValuationQuery>();
        return services;
    }
}
