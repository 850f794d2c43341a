using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TaoLens.Testing.Loopback;

namespace TaoLens.Ingestion.Tests.Chain;

/// <summary>A JSON-RPC error the fake node answers with.</summary>
internal sealed class RpcFault(long code, string message) : Exception(message)
{
    public long Code { get; } = code;
}

/// <summary>
/// A scripted Subtensor node on loopback that answers JSON-RPC over HTTP POST and over WebSocket at "/", by method
/// (state_call by "state_call/&lt;runtime api&gt;"). A handler returns the result node or throws <see cref="RpcFault"/>.
/// </summary>
internal sealed class FakeSubtensorNode : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private FakeSubtensorNode(LoopbackServer server, ConcurrentQueue<string> calls)
    {
        _server = server;
        Calls = calls;
    }

    /// <summary>Every method called, state_call as "state_call/&lt;name&gt;".</summary>
    public ConcurrentQueue<string> Calls { get; }

    public Uri HttpUrl => _server.BaseAddress;

    public Uri WebSocketUrl => _server.WebSocketAddress;

    public Uri Url(string transport) => transport == "ws" ? WebSocketUrl : HttpUrl;

    public int WebSocketConnections => _server.Requests.Count(r => r.Headers.ContainsKey("Sec-WebSocket-Key"));

    public static async Task<FakeSubtensorNode> StartAsync(IReadOnlyDictionary<string, Func<JsonArray, JsonNode?>> handlers)
    {
        var calls = new ConcurrentQueue<string>();
        var server = await LoopbackServer.StartAsync(app => app.Map("/", async context =>
        {
            if (context.WebSockets.IsWebSocketRequest)
            {
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                await ServeSocketAsync(socket, handlers, calls, context.RequestAborted);
                return;
            }

            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var answer = Answer(await reader.ReadToEndAsync(context.RequestAborted), handlers, calls);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer, context.RequestAborted);
        }));
        return new FakeSubtensorNode(server, calls);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    public static string Answer(string requestText, IReadOnlyDictionary<string, Func<JsonArray, JsonNode?>> handlers, ConcurrentQueue<string> calls)
    {
        var request = JsonNode.Parse(requestText)!.AsObject();
        var method = request["method"]!.GetValue<string>();
        var parameters = request["params"]?.AsArray() ?? [];
        var key = method == "state_call" ? $"state_call/{parameters[0]!.GetValue<string>()}" : method;
        calls.Enqueue(key);
        var response = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = request["id"]!.DeepClone() };
        try
        {
            if (!handlers.TryGetValue(key, out var handler))
            {
                throw new RpcFault(-32601, $"Method not found: {key}");
            }

            response["result"] = handler(parameters);
        }
        catch (RpcFault fault)
        {
            response["error"] = new JsonObject { ["code"] = fault.Code, ["message"] = fault.Message };
        }

        return response.ToJsonString();
    }

    private static async Task ServeSocketAsync(WebSocket socket, IReadOnlyDictionary<string, Func<JsonArray, JsonNode?>> handlers,
        ConcurrentQueue<string> calls, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer.GetMemory(4096), cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken);
                    return;
                }

                buffer.Advance(received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }

                var answer = Answer(Encoding.UTF8.GetString(buffer.WrittenSpan), handlers, calls);
                buffer.Clear();
                await socket.SendAsync(Encoding.UTF8.GetBytes(answer), WebSocketMessageType.Text, true, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away.
        }
    }

    /// <summary>A node that accepts WebSocket connections and reads requests but never answers.</summary>
    public static Task<LoopbackServer> StartSilentAsync() =>
        LoopbackServer.StartAsync(app => app.Map("/", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[4096];
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
            {
                // The client gave up, as it should.
            }
        }));

    /// <summary>Hex of a u64 LE, the SCALE form of balances, prices and Timestamp.Now.</summary>
    public static string U64Hex(ulong value) => "0x" + Convert.ToHexStringLower(BitConverter.GetBytes(value));

    public static string HashOf(long number) => "0x" + number.ToString("x64", CultureInfo.InvariantCulture);

    public static JsonNode Header(long number, string parentHash) => new JsonObject
    {
        ["parentHash"] = parentHash,
        ["number"] = "0x" + number.ToString("x", CultureInfo.InvariantCulture),
        ["stateRoot"] = HashOf(0),
        ["extrinsicsRoot"] = HashOf(0),
        ["digest"] = new JsonObject { ["logs"] = new JsonArray() },
    };

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
