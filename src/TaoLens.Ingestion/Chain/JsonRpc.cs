using System.Buffers;
using System.Text.Json;
using TaoLens.Core.Text;

namespace TaoLens.Ingestion.Chain;

/// <summary>The node answered a JSON-RPC call with an error object. Carried as the inner exception of a <see cref="SourcePayloadException"/>.</summary>
public sealed class JsonRpcErrorException : Exception
{
    public JsonRpcErrorException()
    {
    }

    public JsonRpcErrorException(string message)
        : base(message)
    {
    }

    public JsonRpcErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public JsonRpcErrorException(string method, long code, string? rpcMessage)
        : base($"subtensor: {method}: JSON-RPC error {code}: {rpcMessage}")
    {
        Method = method;
        Code = code;
        RpcMessage = rpcMessage;
    }

    public string Method { get; } = "";

    public long Code { get; }

    /// <summary>The node's message, cleaned and capped: it is text from outside.</summary>
    public string? RpcMessage { get; }
}

/// <summary>The node could not be reached or did not answer in time, after the configured retries.</summary>
public sealed class SubtensorTransportException : Exception
{
    public SubtensorTransportException()
    {
    }

    public SubtensorTransportException(string message)
        : base(message)
    {
    }

    public SubtensorTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A JSON-RPC parameter: a string, an integer, null, or a list of strings (storage keys).</summary>
internal readonly record struct RpcParam(object? Value)
{
    public static implicit operator RpcParam(string? value) => new(value);

    public static implicit operator RpcParam(long value) => new(value);

    public static implicit operator RpcParam(string[] value) => new(value);

    public static RpcParam FromString(string? value) => new(value);

    public static RpcParam FromInt64(long value) => new(value);

    public static RpcParam FromStrings(string[] value) => new(value);
}

/// <summary>JSON-RPC 2.0 framing shared by the HTTP and WebSocket channels.</summary>
internal static class JsonRpc
{
    private const int MaxErrorMessageLength = 300;

    /// <summary>How a call is named in errors: state_call carries its runtime API name.</summary>
    public static string Label(string method, IReadOnlyList<RpcParam> parameters) =>
        method == "state_call" && parameters.Count > 0 && parameters[0].Value is string api ? $"state_call {api}" : method;

    public static byte[] Request(long id, string method, IReadOnlyList<RpcParam> parameters)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            writer.WriteNumber("id", id);
            writer.WriteString("method", method);
            writer.WriteStartArray("params");
            foreach (var parameter in parameters)
            {
                switch (parameter.Value)
                {
                    case null:
                        writer.WriteNullValue();
                        break;
                    case string text:
                        writer.WriteStringValue(text);
                        break;
                    case long number:
                        writer.WriteNumberValue(number);
                        break;
                    case string[] list:
                        writer.WriteStartArray();
                        foreach (var item in list)
                        {
                            writer.WriteStringValue(item);
                        }

                        writer.WriteEndArray();
                        break;
                    default:
                        throw new ArgumentException("unsupported JSON-RPC parameter", nameof(parameters));
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Parses one response. Returns false when it answers another id (the WebSocket channel skips it);
    /// throws <see cref="SourcePayloadException"/> for malformed JSON and for JSON-RPC errors.
    /// </summary>
    public static bool TryReadResponse(ReadOnlySpan<byte> body, long expectedId, string method, out JsonElement result)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException ex)
        {
            throw new SourcePayloadException($"subtensor: {method}: response is not valid JSON", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new SourcePayloadException($"subtensor: {method}: response is not a JSON object");
            }

            var hasId = root.TryGetProperty("id", out var id) && id.ValueKind != JsonValueKind.Null;
            if (hasId && !(id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var number) && number == expectedId))
            {
                result = default;
                return false;
            }

            if (root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
            {
                throw ErrorOf(method, error);
            }

            if (!hasId)
            {
                // A notification or an id-less answer is not ours unless it carries an error (handled above).
                result = default;
                return false;
            }

            if (!root.TryGetProperty("result", out var value))
            {
                throw new SourcePayloadException($"subtensor: {method}: response has neither result nor error");
            }

            result = value.Clone();
            return true;
        }
    }

    private static SourcePayloadException ErrorOf(string method, JsonElement error)
    {
        long code = 0;
        string? message = null;
        if (error.ValueKind == JsonValueKind.Object)
        {
            if (error.TryGetProperty("code", out var codeElement) && codeElement.ValueKind == JsonValueKind.Number)
            {
                _ = codeElement.TryGetInt64(out code);
            }

            if (error.TryGetProperty("message", out var messageElement) && messageElement.ValueKind == JsonValueKind.String)
            {
                message = UntrustedText.Clean(messageElement.GetString(), MaxErrorMessageLength);
            }
        }

        var inner = new JsonRpcErrorException(method, code, message);
        return new SourcePayloadException(inner.Message, inner);
    }

    public static bool IsRpcError(SourcePayloadException exception) => exception.InnerException is JsonRpcErrorException;

    /// <summary>A SCALE result: "0x" hex (state_call) or a JSON array of byte numbers (custom subnetInfo RPCs).</summary>
    public static byte[] Bytes(JsonElement result, string field)
    {
        switch (result.ValueKind)
        {
            case JsonValueKind.String:
                return HexBytes.Decode(result.GetString(), field);
            case JsonValueKind.Array:
                var bytes = new byte[result.GetArrayLength()];
                var i = 0;
                foreach (var item in result.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Number || !item.TryGetByte(out bytes[i]))
                    {
                        throw new SourcePayloadException($"subtensor: {field}: item {i} of the byte array is not a number 0-255");
                    }

                    i++;
                }

                return bytes;
            default:
                throw new SourcePayloadException($"subtensor: {field}: expected hex or a byte array, got {result.ValueKind}");
        }
    }

    /// <summary>A non-null string result, e.g. a block hash.</summary>
    public static string String(JsonElement result, string field) =>
        result.ValueKind == JsonValueKind.String && result.GetString() is { } text
            ? text
            : throw new SourcePayloadException($"subtensor: {field}: expected a string, got {result.ValueKind}");
}
