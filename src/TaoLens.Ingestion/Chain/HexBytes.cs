namespace TaoLens.Ingestion.Chain;

/// <summary>"0x"-prefixed hex as JSON-RPC carries it.</summary>
public static class HexBytes
{
    public static string Encode(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    /// <summary>Decodes "0x…" hex; anything else (no prefix, odd length, non-hex digits) is a payload error naming <paramref name="field"/>.</summary>
    public static byte[] Decode(string? hex, string field)
    {
        if (hex is null || !hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            throw new SourcePayloadException($"subtensor: {field}: expected 0x-prefixed hex");
        }

        var digits = hex.AsSpan(2);
        if (digits.Length % 2 != 0)
        {
            throw new SourcePayloadException($"subtensor: {field}: hex has an odd number of digits ({digits.Length}), truncated?");
        }

        for (var i = 0; i < digits.Length; i++)
        {
            if (!char.IsAsciiHexDigit(digits[i]))
            {
                throw new SourcePayloadException($"subtensor: {field}: non-hex character at position {i + 2}");
            }
        }

        return Convert.FromHexString(digits);
    }
}
