using TaoLens.Web.Features.Methods;

namespace TaoLens.Web.Components;

public static class ComponentsExtensions
{
    public static IServiceCollection AddTaoLensComponents(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        return services;
    }

    /// <summary>The static files and the pages (GET only: no page has a form that posts).</summary>
    public static WebApplication MapTaoLensComponents(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().OnlyGet();
        return app;
    }
}
