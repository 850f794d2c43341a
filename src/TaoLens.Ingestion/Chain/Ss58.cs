using System.Text;

namespace TaoLens.Ingestion.Chain;

/// <summary>SS58 addresses: base58(prefix ‖ key ‖ first 2 bytes of blake2b-512("SS58PRE" ‖ prefix ‖ key)).</summary>
public static class Ss58
{
    /// <summary>Bittensor's network prefix.</summary>
    public const ushort BittensorPrefix = 42;

    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static readonly byte[] ChecksumPrefix = "SS58PRE"u8.ToArray();

    public static string Encode(ReadOnlySpan<byte> publicKey, ushort prefix = BittensorPrefix)
    {
        if (publicKey.Length != 32)
        {
            throw new ArgumentException("an account id has 32 bytes", nameof(publicKey));
        }

        // Only the one-byte prefix form (0-63) is needed for Bittensor's 42; the two-byte form is left out untested.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefix, (ushort)63);
        byte[] payload = [(byte)prefix, .. publicKey];
        var checksum = Blake2b.Hash([.. ChecksumPrefix, .. payload]);
        return Base58([.. payload, checksum[0], checksum[1]]);
    }

    private static string Base58(ReadOnlySpan<byte> data)
    {
        var zeros = 0;
        while (zeros < data.Length && data[zeros] == 0)
        {
            zeros++;
        }

        // Repeated division of the big-endian number by 58, digits collected least significant first.
        var number = data[zeros..].ToArray();
        var digits = new List<char>(data.Length * 138 / 100 + 1);
        var start = 0;
        while (start < number.Length)
        {
            var remainder = 0;
            for (var i = start; i < number.Length; i++)
            {
                var value = (remainder << 8) | number[i];
                number[i] = (byte)(value / 58);
                remainder = value % 58;
            }

            digits.Add(Alphabet[remainder]);
            while (start < number.Length && number[start] == 0)
            {
                start++;
            }
        }

        var builder = new StringBuilder(zeros + digits.Count);
        builder.Append('1', zeros);
        for (var i = digits.Count - 1; i >= 0; i--)
        {
            builder.Append(digits[i]);
        }

        return builder.ToString();
    }
}
