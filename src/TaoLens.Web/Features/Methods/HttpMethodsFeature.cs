using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http.Features;

namespace TaoLens.Web.Features.Methods;

/// <summary>
/// HEAD wherever GET works (monitors probe with HEAD), and 405 with an <c>Allow</c> header that says so.
/// </summary>
public static class HttpMethodsFeature
{
    /// <summary>
    /// Runs a HEAD request as a GET whose body goes nowhere: every GET endpoint (API, pages, health, static files) then
    /// answers HEAD with the same status and headers. Must come before routing.
    /// </summary>
    public static WebApplication UseHeadRequests(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(static async (context, next) =>
        {
            context.Response.OnStarting(static state => AddHeadToAllow((HttpResponse)state), context.Response);
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }

            var body = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
            context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null, body));
            context.Request.Method = HttpMethods.Get;
            try
            {
                await next(context);
            }
            finally
            {
                context.Request.Method = HttpMethods.Head;
                context.Features.Set(body);
            }
        });
        return app;
    }

    /// <summary>
    /// Razor component endpoints accept POST for form posts; only the pages marked <see cref="FormPageAttribute"/>
    /// have forms, so every other page answers GET (and HEAD) only and anything else is a 405 from routing instead of
    /// a 400 from antiforgery.
    /// </summary>
    public static TBuilder OnlyGet<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<ComponentTypeMetadata>().Any() && endpoint.Metadata.OfType<HttpMethodMetadata>().Any()
                && !endpoint.Metadata.OfType<FormPageAttribute>().Any())
            {
                foreach (var methods in endpoint.Metadata.OfType<HttpMethodMetadata>().ToList())
                {
                    endpoint.Metadata.Remove(methods);
                }

                endpoint.Metadata.Add(new HttpMethodMetadata([HttpMethods.Get]));
            }
        });
        return builder;
    }

    private static Task AddHeadToAllow(HttpResponse response)
    {
        var allow = response.Headers.Allow.ToString();
        if (response.StatusCode == StatusCodes.Status405MethodNotAllowed && allow.Length > 0)
        {
            var methods = allow.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
            if (methods.Contains(HttpMethods.Get) && !methods.Contains(HttpMethods.Head))
            {
                methods.Insert(methods.IndexOf(HttpMethods.Get) + 1, HttpMethods.Head);
            }

            response.Headers.Allow = string.Join(", ", methods);
        }

        return Task.CompletedTask;
    }
}

/// <summary>A page with forms that post back to it (antiforgery-checked): it answers POST as well as GET.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class FormPageAttribute : Attribute;
