using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace TaoLens.Web.Api;

/// <summary>How everything under <c>/api</c> answers an error: <c>application/problem+json</c>, whatever the client accepts.</summary>
public static class ApiProblems
{
    public static bool IsApi(HttpRequest request) => IsApi(request.Path);

    public static bool IsApi(PathString path) => path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    /// <summary>A problem with the status's reason as its title; <paramref name="detail"/> must be safe to show a stranger.</summary>
    public static Task WriteAsync(HttpContext context, int statusCode, string? detail = null)
    {
        var problem = new ProblemDetails { Status = statusCode, Title = ReasonPhrases.GetReasonPhrase(statusCode), Detail = detail };
        AddTraceId(problem, context);
        // ProblemHttpResult falls back to plain JSON when the problem details service declines (e.g. Accept: text/html).
        return TypedResults.Problem(problem).ExecuteAsync(context);
    }

    /// <summary>Every problem names the request's trace, so a report can be matched to the log.</summary>
    public static void AddTraceId(ProblemDetails problem, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(context);
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.TraceIdentifier);
    }

    /// <summary>A 404 problem for a netuid that is not in the subnets table.</summary>
    public static ProblemHttpResult UnknownSubnet(int netuid) =>
        TypedResults.Problem($"There is no subnet {netuid}.", statusCode: StatusCodes.Status404NotFound, title: "Subnet not found");
}
