using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using TaoLens.Web.Api;

namespace TaoLens.Web.Features.Security;

/// <summary>
/// What a hostile visitor meets first: forwarded headers only from known proxies, a valid Host or a 400, HTTPS with HSTS
/// when served over HTTPS, security headers on every response, no <c>Server</c> header, and an OpenAPI document that
/// does not echo the request's Host.
/// </summary>
public static partial class SecurityFeature
{
    public static IServiceCollection AddSecurity(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration("Security");
        services.AddOptions<ProxyOptions>().BindConfiguration("ForwardedHeaders");
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((options, proxy) => ConfigureProxies(options, proxy.Value));
        services.Configure<KestrelServerOptions>(options => options.AddServerHeader = false);
        // The document's servers entry is built from the request's Host header; a relative document needs none.
        services.Configure<OpenApiOptions>("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Servers = null;
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>First in the pipeline: everything after it sees the client's real address and scheme.</summary>
    public static WebApplication UseSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var security = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.Enabled)
        {
            app.UseForwardedHeaders();
        }

        app.Use(SecurityHeaders.AddAsync);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SecurityFeature).FullName!);
        app.Use((context, next) => RequireValidHostAsync(context, next, logger));
        if (security.Hsts)
        {
            app.UseHsts();
        }

        // Only with an HTTPS port to redirect to; otherwise the middleware does nothing but warn.
        if (security.HttpsRedirection && KnowsHttpsPort(app.Configuration))
        {
            app.UseHttpsRedirection();
        }

        return app;
    }

    /// <summary>An https:// endpoint of Kestrel, or the public HTTPS port behind a proxy (<c>HTTPS_PORT</c>).</summary>
    private static bool KnowsHttpsPort(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["HTTPS_PORT"])
        || !string.IsNullOrEmpty(configuration["HTTPS_PORTS"])
        || (configuration["URLS"] ?? "").Contains("https://", StringComparison.OrdinalIgnoreCase)
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any(e => (e["Url"] ?? "").StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    private static void ConfigureProxies(ForwardedHeadersOptions options, ProxyOptions proxy)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.ForwardLimit = proxy.ForwardLimit;
        foreach (var address in proxy.KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.TryParse(address, out var ip)
                ? ip
                : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{address}' is not an IP address."));
        }

        foreach (var network in proxy.KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var range)
                ? range
                : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks: '{network}' is not a network such as 10.0.0.0/8."));
        }
    }

    /// <summary>An empty or malformed Host breaks every URL the app builds (Blazor's base address first): refuse it.</summary>
    private static Task RequireValidHostAsync(HttpContext context, RequestDelegate next, ILogger logger)
    {
        var host = context.Request.Host;
        if (host.HasValue && Uri.CheckHostName(host.Host) != UriHostNameType.Unknown)
        {
            return next(context);
        }

        InvalidHost(logger, context.Request.Method, context.Request.Path);
        const string Message = "The Host header is missing or is not a valid host name.";
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return ApiProblems.IsApi(context.Request) ? ApiProblems.WriteAsync(context, StatusCodes.Status400BadRequest, Message) : context.Response.WriteAsync(Message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Client error 400 for {Method} {Path}: missing or invalid Host header")]
    private static partial void InvalidHost(ILogger logger, string method, PathString path);
}
