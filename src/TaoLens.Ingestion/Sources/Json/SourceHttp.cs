using System.Text.Json;

namespace TaoLens.Ingestion.Sources.Json;

/// <summary>One GET through a source's resilient client, returning a parsed JSON document or a clear rejection.</summary>
internal static class SourceHttp
{
    /// <summary>
    /// Sends the request and lets HttpClient read the whole body (<see cref="HttpCompletionOption.ResponseContentRead"/>):
    /// the resilience handler retries and times out the attempts up to the headers; the client's own timeout (the total
    /// timeout) and <see cref="HttpClient.MaxResponseContentBufferSize"/> bound the body (see SourceHttpClients).
    /// Non-success statuses left after retries throw <see cref="HttpRequestException"/>; bodies that are not
    /// JSON (an HTML error page with 200, truncated, cut off, oversized or malformed bytes) throw <see cref="SourcePayloadException"/>.
    /// </summary>
    public static async Task<JsonDocument> GetJsonAsync(
        HttpClient http, Uri relativeUri, string source, Action<HttpRequestMessage>? prepare, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, relativeUri);
        request.Headers.Accept.ParseAdd("application/json");
        prepare?.Invoke(request);
        using var response = await SendAsync(http, request, source, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{source}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && mediaType.Contains("html", StringComparison.OrdinalIgnoreCase))
        {
            throw new SourcePayloadException($"{source}: (root): expected JSON, got {mediaType} (HTTP {(int)response.StatusCode})");
        }

        // Already buffered by SendAsync: this copies no bytes from the network.
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var first = FirstNonWhitespace(body);
        if (first == '<')
        {
            throw new SourcePayloadException($"{source}: (root): expected JSON, got markup (an HTML or XML page)");
        }

        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new SourcePayloadException($"{source}: (root): malformed or truncated JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine}", e);
        }
    }

    /// <summary>
    /// <see cref="HttpClient.SendAsync(HttpRequestMessage, CancellationToken)"/> with its body failures named: over the
    /// cap, cut off mid-body, or not complete within the client's timeout.
    /// </summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            throw new SourcePayloadException($"{source}: (root): body larger than {http.MaxResponseContentBufferSize} bytes", e);
        }
        catch (HttpRequestException e) when (HeadersArrivedHandler.Arrived(request))
        {
            // The connection closed mid-body: the same as a truncated payload.
            throw new SourcePayloadException($"{source}: (root): body cut off ({e.Message})", e);
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{source}: no complete answer within {http.Timeout}", e);
        }
    }

    private static char FirstNonWhitespace(ReadOnlySpan<byte> span)
    {
        // Skip a UTF-8 byte order mark, then whitespace.
        var start = span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        for (var i = start; i < span.Length; i++)
        {
            if (span[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return (char)span[i];
            }
        }

        return '\0';
    }
}
