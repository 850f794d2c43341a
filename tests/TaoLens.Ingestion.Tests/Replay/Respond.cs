using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace TaoLens.Ingestion.Tests.Replay;

/// <summary>Canned responses for loopback routes: recorded payloads and scripted faults.</summary>
public static class Respond
{
    public static IResult Json(JsonNode body) => Results.Text(body.ToJsonString(), "application/json");

    public static IResult Json(string body) => Results.Text(body, "application/json");

    public static IResult Status(int statusCode) => Results.StatusCode(statusCode);

    /// <summary>429 with a one-second Retry-After, as Taostats and CoinGecko throttle.</summary>
    public static IResult TooManyRequests(HttpContext context) => TooManyRequests(context, TimeSpan.FromSeconds(1));

    /// <summary>429 with the given Retry-After (whole seconds).</summary>
    public static IResult TooManyRequests(HttpContext context, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.RetryAfter = ((long)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.StatusCode(StatusCodes.Status429TooManyRequests);
    }

    /// <summary>Never answers: holds the request until the client gives up.</summary>
    public static async Task Hang(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, which is the point.
        }
    }
}

/// <summary>Plays one response per request, repeating the last once it runs out; safe for concurrent requests.</summary>
public sealed class Script(params Func<HttpContext, IResult>[] steps)
{
    private int _next;

    public IResult Next(HttpContext context)
    {
        var index = Interlocked.Increment(ref _next) - 1;
        return steps[Math.Min(index, steps.Length - 1)](context);
    }
}
