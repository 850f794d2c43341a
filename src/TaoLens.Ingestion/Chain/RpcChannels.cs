using System.Buffers;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using TaoLens.Ingestion.Sources;

namespace TaoLens.Ingestion.Chain;

/// <summary>Sends JSON-RPC calls for one run; the WebSocket form holds one connection for the run.</summary>
internal interface IRpcChannel : IAsyncDisposable
{
    Task<JsonElement> CallAsync(string method, IReadOnlyList<RpcParam> parameters, CancellationToken cancellationToken);
}

/// <summary>
/// JSON-RPC over HTTP POST to <paramref name="node"/>; timeouts, retries and the breaker come from the typed client's
/// resilience handler, and HttpClient itself reads the answer under the total timeout and the body cap (see SourceHttpClients).
/// </summary>
internal sealed class HttpRpcChannel(HttpClient http, Uri node) : IRpcChannel
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly Uri _address = SubtensorClient.HttpAddressOf(node);
    private long _nextId;

    public async Task<JsonElement> CallAsync(string method, IReadOnlyList<RpcParam> parameters, CancellationToken cancellationToken)
    {
        var label = JsonRpc.Label(method, parameters);
        var id = ++_nextId;
        using var content = new ByteArrayContent(JsonRpc.Request(id, method, parameters));
        content.Headers.ContentType = Json;
        byte[] body;
        try
        {
            using var response = await http.PostAsync(_address, content, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new SubtensorTransportException($"subtensor: {label}: HTTP {(int)response.StatusCode} from {_address.Host}");
            }

            // Already buffered by PostAsync (ResponseContentRead).
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            throw new SourcePayloadException($"subtensor: {label}: response larger than {http.MaxResponseContentBufferSize} bytes", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or IOException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new SubtensorTransportException($"subtensor: {label}: {_address.Host} did not answer ({ex.GetType().Name})", ex);
        }
        catch (Polly.CircuitBreaker.BrokenCircuitException ex)
        {
            throw new SubtensorTransportException($"subtensor: {label}: circuit open after repeated failures", ex);
        }

        return JsonRpc.TryReadResponse(body, id, label, out var result)
            ? result
            : throw new SourcePayloadException($"subtensor: {label}: response id does not match request {id}");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// JSON-RPC over one WebSocket: requests carry increasing ids and answers are matched by id. Each call runs through a
/// Polly pipeline (total timeout, retry on transport failures only, attempt timeout); a failed attempt drops the
/// connection and the next attempt reconnects.
/// </summary>
internal sealed class WebSocketRpcChannel(Uri url, ResiliencePipeline pipeline) : IRpcChannel
{
    private const int MaxMessageBytes = 64 * 1024 * 1024;
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);
    private ClientWebSocket? _socket;
    private long _nextId;

    /// <summary>Total timeout ⟶ retry (transport failures only) ⟶ attempt timeout, from the source's settings.</summary>
    public static ResiliencePipeline CreatePipeline(ResilienceSettings settings, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider }.AddTimeout(settings.TotalTimeout);
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<WebSocketException>()
                    .Handle<IOException>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>(),
                MaxRetryAttempts = settings.MaxRetries,
                Delay = settings.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        return builder.AddTimeout(settings.AttemptTimeout).Build();
    }

    public async Task<JsonElement> CallAsync(string method, IReadOnlyList<RpcParam> parameters, CancellationToken cancellationToken)
    {
        var label = JsonRpc.Label(method, parameters);
        try
        {
            return await pipeline.ExecuteAsync(async token => await AttemptAsync(method, label, parameters, token), cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new SubtensorTransportException($"subtensor: {label}: no answer from {url.Host} within {ex.Timeout}", ex);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or HttpRequestException)
        {
            throw new SubtensorTransportException($"subtensor: {label}: WebSocket to {url.Host} failed ({ex.GetType().Name})", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        var socket = _socket;
        _socket = null;
        if (socket is null)
        {
            return;
        }

        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(CloseTimeout);
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
        {
            // The run's answers are in; a failed goodbye changes nothing.
        }
        finally
        {
            socket.Dispose();
        }
    }

    private async ValueTask<JsonElement> AttemptAsync(string method, string label, IReadOnlyList<RpcParam> parameters, CancellationToken cancellationToken)
    {
        try
        {
            var socket = await ConnectedAsync(cancellationToken);
            var id = ++_nextId;
            await socket.SendAsync(JsonRpc.Request(id, method, parameters), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            while (true)
            {
                var message = await ReceiveAsync(socket, label, cancellationToken);
                if (JsonRpc.TryReadResponse(message.WrittenSpan, id, label, out var result))
                {
                    return result;
                }
            }
        }
        catch (Exception ex) when (ex is not SourcePayloadException)
        {
            // Cancelled or failed mid-call: the socket may hold a half-read answer, so never reuse it.
            Drop();
            throw;
        }
    }

    private async Task<ClientWebSocket> ConnectedAsync(CancellationToken cancellationToken)
    {
        if (_socket is { State: WebSocketState.Open } open)
        {
            return open;
        }

        Drop();
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        try
        {
            await socket.ConnectAsync(url, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        return socket;
    }

    private static async Task<ArrayBufferWriter<byte>> ReceiveAsync(ClientWebSocket socket, string label, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var received = await socket.ReceiveAsync(memory, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "the node closed the connection");
            }

            buffer.Advance(received.Count);
            if (buffer.WrittenCount > MaxMessageBytes)
            {
                throw new SourcePayloadException($"subtensor: {label}: message larger than {MaxMessageBytes} bytes");
            }

            if (received.EndOfMessage)
            {
                return buffer;
            }
        }
    }

    private void Drop()
    {
        _socket?.Abort();
        _socket?.Dispose();
        _socket = null;
    }
}
