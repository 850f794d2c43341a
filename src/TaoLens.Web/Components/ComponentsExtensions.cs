using Microsoft.AspNetCore.Authorization;
using TaoLens.Web.Features.Methods;

namespace TaoLens.Web.Components;

public static class ComponentsExtensions
{
    public static IServiceCollection AddTaoLensComponents(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        return services;
    }

    /// <summary>The static files (public: the sign-in page needs its stylesheet) and the pages (GET only, but for the forms pages).</summary>
    public static WebApplication MapTaoLensComponents(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().OnlyGet().AnonymousCircuit();
        return app;
    }

    /// <summary>
    /// The interactive islands' circuit (<c>/_blazor</c>) is open to signed-out visitors, so a public share link's charts
    /// draw on a private instance too. It adds no access: a circuit renders only the components a page the visitor was
    /// allowed to read handed out (in data-protected descriptors); every page keeps its own authorization.
    /// </summary>
    private static TBuilder AnonymousCircuit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route && (route.RoutePattern.RawText ?? "").TrimStart('/').StartsWith("_blazor", StringComparison.Ordinal))
            {
                endpoint.Metadata.Add(new AllowAnonymousAttribute());
            }
        });
        return builder;
    }
}
