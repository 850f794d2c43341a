using System.Net;
using System.Text.Json;

namespace TaoLens.Ingestion.Sources.Json;

/// <summary>One GET through a source's resilient client, returning a parsed JSON document or a clear rejection.</summary>
internal static class SourceHttp
{
    /// <summary>No source response TaoLens reads is anywhere near this; more means something is wrong upstream.</summary>
    public const int MaxBodyBytes = 32 * 1024 * 1024;

    /// <summary>
    /// Sends the request (the resilience handler retries and times out the attempts), then reads the body under
    /// <paramref name="bodyTimeout"/>, because the handler's timeouts end when the headers arrive.
    /// Non-success statuses left after retries throw <see cref="HttpRequestException"/>; bodies that are not
    /// JSON (an HTML error page with 200, truncated or malformed bytes) throw <see cref="SourcePayloadException"/>.
    /// </summary>
    public static async Task<JsonDocument> GetJsonAsync(
        HttpClient http, Uri relativeUri, string source, Action<HttpRequestMessage>? prepare, TimeSpan bodyTimeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, relativeUri);
        request.Headers.Accept.ParseAdd("application/json");
        prepare?.Invoke(request);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{source}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && mediaType.Contains("html", StringComparison.OrdinalIgnoreCase))
        {
            throw new SourcePayloadException($"{source}: (root): expected JSON, got {mediaType} (HTTP {(int)response.StatusCode})");
        }

        var body = await ReadBodyAsync(response.Content, source, bodyTimeout, cancellationToken);
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

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContent content, string source, TimeSpan bodyTimeout, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxBodyBytes)
        {
            throw new SourcePayloadException($"{source}: (root): body of {content.Headers.ContentLength} bytes exceeds {MaxBodyBytes}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(bodyTimeout);
        try
        {
            await using var stream = await content.ReadAsStreamAsync(timeout.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    throw new SourcePayloadException($"{source}: (root): body exceeds {MaxBodyBytes} bytes");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{source}: the body did not arrive within {bodyTimeout}", e);
        }
        catch (IOException e)
        {
            // The connection closed mid-body: the same as a truncated payload.
            throw new SourcePayloadException($"{source}: (root): body cut off ({e.Message})", e);
        }
        catch (HttpRequestException e) when (e.StatusCode is null or HttpStatusCode.OK)
        {
            throw new SourcePayloadException($"{source}: (root): body cut off ({e.Message})", e);
        }
    }

    private static char FirstNonWhitespace(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
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
